"""Awards: only candidates of the period, no duplicates, validated fields, audited writes."""

from __future__ import annotations

import pytest

from models import awards
from models.errors import NotFoundError, ValidationError
from models.office import Office
from models.scoring import award_candidates
from models.store import ConflictError

KODE = "2026-S2"
HADI = "197001012000011001"
KARTINI = "198001152005032002"
ANDI = "198502202010011003"
BUDI = "199003032015031004"
CITRA = "199104042016042005"


def _person(nip: str, nama: str, atasan: str) -> dict[str, str]:
    return {
        "nip": nip,
        "nama": nama,
        "jenis_asn": "PNS",
        "golongan": "III/a",
        "jabatan": "Pengadministrasi Umum",
        "jenis_jabatan": "Pelaksana",
        "unit": "Sekretariat",
        "atasan_nip": atasan,
    }


@pytest.fixture
def small(empty_office: Office) -> Office:
    """Budi 100.00 (rank 1), Citra 98.88 (rank 2), Andi 81.25 Baik (rank 3); Kartini incomplete."""
    office = empty_office
    office.add_employee(_person(HADI, "Hadi Wibowo", ""))
    office.add_employee(_person(KARTINI, "Kartini Rahayu", HADI))
    office.add_employee(_person(ANDI, "Andi Pratama", KARTINI))
    office.add_employee(_person(BUDI, "Budi Santoso", KARTINI))
    office.add_employee(_person(CITRA, "Citra Lestari", KARTINI))
    office.create_period(KODE, "semester", "01-07-2026")
    office.set_period_status(KODE, "terbuka")

    def rate(ratee: str, rater: str, peran: str, d: int, k: int, m: int) -> None:
        office.save_rating(
            KODE, ratee, rater, peran, {"disiplin": d, "kualitas": k, "komunikasi": m}
        )

    rate(ANDI, KARTINI, "atasan", 4, 5, 3)
    rate(ANDI, BUDI, "rekan", 3, 4, 4)
    rate(ANDI, CITRA, "rekan", 5, 4, 4)
    rate(BUDI, KARTINI, "atasan", 5, 5, 5)
    rate(BUDI, ANDI, "rekan", 5, 5, 5)
    rate(BUDI, CITRA, "rekan", 5, 5, 5)
    rate(CITRA, KARTINI, "atasan", 5, 5, 5)
    rate(CITRA, ANDI, "rekan", 5, 5, 4)
    rate(CITRA, BUDI, "rekan", 5, 5, 5)
    rate(KARTINI, HADI, "atasan", 5, 5, 5)
    return office


def test_candidates_follow_the_scoring_rule(small: Office) -> None:
    result = small.results(KODE)
    assert [ln.nip for ln in awards.candidates(small, KODE)] == [BUDI, CITRA]
    assert [ln.nip for ln in award_candidates(result, 3)] == [BUDI, CITRA]
    small.update_settings(small.settings(), {"jumlah_penghargaan": 1})
    assert [ln.nip for ln in awards.candidates(small, KODE)] == [BUDI]


def test_confirm_award_stores_a_record(small: Office) -> None:
    record = awards.confirm_award(
        small,
        KODE,
        BUDI,
        "  Pegawai   Teladan ",
        nomor_sk="800/12/436.9.23/2026",
        tanggal_sk="27-11-2026",
        catatan="Diusulkan\nke kabupaten",
    )
    assert {
        k: record[k] for k in ("nip", "periode", "jenis", "nomor_sk", "tanggal_sk", "catatan")
    } == {
        "nip": BUDI,
        "periode": KODE,
        "jenis": "Pegawai Teladan",
        "nomor_sk": "800/12/436.9.23/2026",
        "tanggal_sk": "2026-11-27",
        "catatan": "Diusulkan ke kabupaten",
    }
    assert record["rev"] == 1
    assert small.store.all("awards") == [record]
    assert small.has_history(BUDI)
    audit = small.store.audit(nip=BUDI)
    assert audit[-1]["aksi"] == "tambah" and audit[-1]["tabel"] == "awards"
    assert audit[-1]["periode"] == KODE


def test_sk_fields_are_optional(small: Office) -> None:
    record = awards.confirm_award(small, KODE, CITRA, "Penghargaan Kinerja Sangat Baik")
    assert (record["nomor_sk"], record["tanggal_sk"], record["catatan"]) == ("", None, "")


def test_non_candidates_are_refused(small: Office) -> None:
    # Andi is complete and ranked 3rd but only Baik; Kartini is Sangat Baik but incomplete.
    for nip, nama in ((ANDI, "Andi Pratama"), (KARTINI, "Kartini Rahayu")):
        with pytest.raises(ValidationError) as err:
            awards.confirm_award(small, KODE, nip, "Pegawai Teladan")
        assert err.value.field == "nip"
        assert str(err.value).startswith(f"{nama} bukan kandidat penghargaan")
    assert small.store.all("awards") == []


def test_same_award_twice_is_refused_but_another_kind_is_fine(small: Office) -> None:
    awards.confirm_award(small, KODE, BUDI, "Pegawai Teladan")
    with pytest.raises(ValidationError) as err:
        awards.confirm_award(small, KODE, BUDI, "pegawai teladan")
    assert err.value.field == "jenis"
    assert str(err.value) == "Budi Santoso sudah menerima pegawai teladan untuk periode 2026-S2."
    awards.confirm_award(small, KODE, BUDI, "Penghargaan Kinerja Sangat Baik")
    assert len(awards.awards(small, KODE, BUDI)) == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"jenis": "  "}, "jenis", "Jenis penghargaan wajib diisi."),
        ({"jenis": "x" * 101}, "jenis", "Jenis penghargaan paling panjang 100 karakter."),
        ({"nomor_sk": "1" * 101}, "nomor_sk", "Nomor SK paling panjang 100 karakter."),
        ({"tanggal_sk": "31-02-2026"}, "tanggal_sk", "tanggal 31-02-2026 tidak ada"),
        ({"catatan": "c" * 501}, "catatan", "Catatan paling panjang 500 karakter."),
    ],
)
def test_fields_are_validated(
    small: Office, fields: dict[str, str], field: str, message: str
) -> None:
    values = {"jenis": "Pegawai Teladan", **fields}
    with pytest.raises(ValidationError) as err:
        awards.confirm_award(small, KODE, BUDI, **values)
    assert err.value.field == field
    assert message in str(err.value)
    assert small.store.all("awards") == []


def test_unknown_period(small: Office) -> None:
    with pytest.raises(NotFoundError):
        awards.confirm_award(small, "2030-S1", BUDI, "Pegawai Teladan")


def test_listing_filters_and_orders(small: Office) -> None:
    citra = awards.confirm_award(small, KODE, CITRA, "Pegawai Teladan")
    budi = awards.confirm_award(small, KODE, BUDI, "Pegawai Teladan")
    assert awards.awards(small) == [budi, citra]  # by name within the period
    assert awards.awards(small, KODE, CITRA) == [citra]
    assert awards.awards(small, "2026-S1") == []
    assert awards.awarded_nips(small, KODE) == {BUDI, CITRA}


def test_revoke_award(small: Office) -> None:
    record = awards.confirm_award(small, KODE, BUDI, "Pegawai Teladan")
    awards.revoke_award(small, record)
    assert awards.awards(small) == []
    assert small.store.audit(nip=BUDI)[-1]["aksi"] == "hapus"
    with pytest.raises(ConflictError):
        awards.revoke_award(small, record)


def test_revoking_a_changed_record_is_a_conflict(small: Office) -> None:
    record = awards.confirm_award(small, KODE, BUDI, "Pegawai Teladan")
    with small.store.transaction() as txn:
        txn.update("awards", record, {"nomor_sk": "800/1/2026"})
    with pytest.raises(ConflictError) as err:
        awards.revoke_award(small, record)
    assert err.value.current is not None and err.value.current["nomor_sk"] == "800/1/2026"
    assert len(awards.awards(small)) == 1


def test_the_candidate_check_sees_a_rating_changed_elsewhere(small: Office) -> None:
    # Another clerk lowers Budi's atasan scores: he drops out of Sangat Baik.
    other = Office.open(small.store.path)
    other.save_rating(
        KODE, BUDI, KARTINI, "atasan", {"disiplin": 2, "kualitas": 2, "komunikasi": 2}
    )
    with pytest.raises(ValidationError):
        awards.confirm_award(small, KODE, BUDI, "Pegawai Teladan")
