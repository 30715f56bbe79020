"""Office use cases that tie the rule modules to the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import ValidationError
from models.office import Office

KODE = "2026-S2"


def _someone_ranked(office: Office) -> str:
    line = next(ln for ln in office.results(KODE).lines if ln.peringkat is not None)
    return line.nip


def test_closed_period_results_do_not_move_when_people_or_weights_change(office: Office) -> None:
    nip = _someone_ranked(office)
    # A ranked employee with no active subordinates, so they can be deactivated.
    nip = next(
        ln.nip
        for ln in office.results(KODE).lines
        if ln.peringkat is not None
        and not any(e["atasan_nip"] == ln.nip and e["aktif"] for e in office.employees())
    )
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    before = {ln.nip: (ln.nilai, ln.peringkat, ln.unit) for ln in office.results(KODE).lines}

    person = office.employee(nip)
    office.edit_employee(person, {"unit": "Seksi Baru"})
    office.set_active(office.employee(nip), False)
    settings = office.settings()
    office.update_settings(
        settings, {"bobot_peran": {"atasan": 10, "rekan": 80, "bawahan": 10, "diri": 0}}
    )

    after = {ln.nip: (ln.nilai, ln.peringkat, ln.unit) for ln in office.results(KODE).lines}
    assert after == before

    office.set_period_status(KODE, "terbuka", confirm=True)
    live = office.results(KODE)
    assert nip not in live.by_nip  # inactive now, and the period is live again
    assert office.period(KODE).get("penutupan") is None


def test_closed_period_refuses_scores_and_edits(office: Office) -> None:
    rating = office.ratings(KODE)[0]
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    with pytest.raises(ValidationError) as err:
        office.save_rating(
            KODE, rating["nip_dinilai"], rating["nip_penilai"], rating["peran"], {"disiplin": 5}
        )
    assert "ditutup" in str(err.value)
    with pytest.raises(ValidationError):
        office.edit_period(office.period(KODE), "Nama baru", "01-07-2026", "31-12-2026")


def test_reopen_needs_confirmation_and_is_audited(office: Office) -> None:
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    with pytest.raises(ValidationError):
        office.set_period_status(KODE, "terbuka")
    office.set_period_status(KODE, "terbuka", confirm=True)
    actions = [e["aksi"] for e in office.store.audit(periode=KODE)]
    assert actions[-1] == "buka_kembali"


def test_new_office_starts_with_default_criteria_and_weights(tmp_path: Path) -> None:
    office = Office.init(tmp_path / "baru.json")
    settings = office.settings()
    assert [c["kode"] for c in settings["kriteria"]] == ["disiplin", "kualitas", "komunikasi"]
    assert settings["bobot_peran"] == {"atasan": 50, "rekan": 30, "bawahan": 20, "diri": 0}
    assert settings["min_rekan"] == 2
    assert office.employees() == []


def test_score_changes_are_audited_with_old_and_new_values(office: Office) -> None:
    rating = next(r for r in office.ratings(KODE) if r["skor"].get("disiplin") in (1, 2, 3, 4))
    old = rating["skor"]["disiplin"]
    office.save_rating(
        KODE, rating["nip_dinilai"], rating["nip_penilai"], rating["peran"], {"disiplin": 5}
    )
    entry = office.store.audit(nip=rating["nip_dinilai"])[-1]
    assert entry["aksi"] == "ubah"
    assert entry["lama"]["skor"]["disiplin"] == old
    assert entry["baru"]["skor"]["disiplin"] == 5
    assert entry["pengguna"]


def test_opening_removes_leftovers_of_a_killed_process(office_path: Path) -> None:
    from models.check import check_office
    from models.storage import shard_dir_of

    shards = shard_dir_of(office_path)
    stale = [
        office_path.parent / f".{office_path.name}.tmp-1-2",
        shards / ".employees.g7.json.tmp-3-4",
    ]
    orphan = shards / "employees.g999.json"
    # Not ours to remove: another office's save in progress in the same folder,
    # and a file in the data folder whose name Kinerja never makes.
    others = [office_path.parent / ".lain.json.tmp-5-6", shards / "catatan-admin.txt"]
    for path in [*stale, orphan, *others]:
        path.write_bytes(b"{}")
    kept = {p.name for p in shards.iterdir()} - {orphan.name, stale[1].name}

    office = Office.open(office_path)

    assert not any(p.exists() for p in [*stale, orphan])
    assert all(p.read_bytes() == b"{}" for p in others)
    assert {p.name for p in shards.iterdir()} == kept
    assert check_office(office_path) == []
    assert len(office.employees()) == 40


def test_place_setting_appears_above_the_report_signatures(office: Office) -> None:
    from models.report import render_text, report_card

    office.update_settings(office.settings(), {"tempat": "  Surabaya "})
    assert office.settings()["tempat"] == "Surabaya"
    nip = _someone_ranked(office)
    card = report_card(office, KODE, nip)
    assert card.tempat == "Surabaya"
    assert "Surabaya, " in render_text(card)
    with pytest.raises(ValidationError):
        office.update_settings(office.settings(), {"tempat": "x" * 61})


def test_closing_with_incomplete_employees_names_them_and_needs_a_yes(office: Office) -> None:
    from models.scoring import incomplete

    missing = incomplete(office.results(KODE))
    assert missing, "the demo office has incomplete employees"
    with pytest.raises(ValidationError) as caught:
        office.set_period_status(KODE, "ditutup")
    message = str(caught.value)
    assert f"{len(missing)} pegawai" in message
    assert missing[0].nama in message and missing[0].alasan[0] in message
    if len(missing) > 5:
        assert f"dan {len(missing) - 5} lainnya" in message
    assert office.period(KODE)["status"] == "terbuka"
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    assert office.period(KODE)["status"] == "ditutup"
