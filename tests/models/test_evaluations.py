"""The official evaluation stored in the office: ratings, reasons, conflicts, officials, files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models import evaluations
from models.errors import ValidationError
from models.evaluations import CellConflict
from models.office import Office

KODE = "2026-S2"


def _line(office: Office, **wanted: object) -> evaluations.EvaluationLine:
    for line in evaluations.lines(office, KODE):
        if all(getattr(line, k) == v for k, v in wanted.items()):
            return line
    raise AssertionError(f"no line with {wanted}")


def _with_suggestion(office: Office) -> evaluations.EvaluationLine:
    return next(line for line in evaluations.lines(office, KODE) if line.saran == "sesuai")


def test_every_active_employee_has_a_line_with_the_360_suggestion(office: Office) -> None:
    found = evaluations.lines(office, KODE)
    active = [e for e in office.employees() if e["aktif"]]
    assert sorted(line.nip for line in found) == sorted(e["nip"] for e in active)
    for line in found:
        if line.nilai is None:
            assert line.saran is None
        elif line.nilai >= Decimal(90):
            assert line.saran == "di_atas"
        elif line.nilai >= Decimal(70):
            assert line.saran == "sesuai"
        else:
            assert line.saran == "di_bawah"
        assert (line.hasil, line.perilaku, line.predikat) == (None, None, None)


def test_two_ratings_give_the_predikat_from_the_table(office: Office) -> None:
    line = _with_suggestion(office)
    evaluations.save(office, KODE, line.nip, seen=None, hasil="di-atas")
    evaluations.save(
        office, KODE, line.nip, seen=_line(office, nip=line.nip).record, perilaku="sesuai"
    )
    after = _line(office, nip=line.nip)
    assert (after.hasil, after.perilaku, after.predikat) == ("di_atas", "sesuai", "baik")
    audit = office.store.audit(nip=line.nip)
    assert [e["aksi"] for e in audit[-2:]] == ["tambah", "ubah"]
    assert audit[-1]["baru"]["perilaku_kerja"] == "sesuai"


def test_a_perilaku_other_than_the_suggestion_needs_a_reason(office: Office) -> None:
    line = _with_suggestion(office)
    with pytest.raises(ValidationError) as caught:
        evaluations.save(office, KODE, line.nip, seen=None, perilaku="di_atas")
    assert caught.value.field == "alasan"
    assert "Sesuai ekspektasi" in str(caught.value)
    assert _line(office, nip=line.nip).record is None
    evaluations.save(
        office, KODE, line.nip, seen=None, perilaku="di_atas", alasan="Memimpin tim tanggap banjir"
    )
    after = _line(office, nip=line.nip)
    assert after.perilaku == "di_atas" and after.alasan == "Memimpin tim tanggap banjir"
    assert not after.perlu_alasan


def test_a_rating_changed_by_another_clerk_is_not_overwritten(
    office: Office, office_path: object
) -> None:
    line = _with_suggestion(office)
    shown = evaluations.save(office, KODE, line.nip, seen=None, hasil="sesuai")
    other = Office.open(office_path)  # type: ignore[arg-type]
    evaluations.save(other, KODE, line.nip, seen=shown, hasil="di_bawah")
    with pytest.raises(CellConflict) as caught:
        evaluations.save(office, KODE, line.nip, seen=shown, hasil="di_atas")
    assert (caught.value.theirs, caught.value.mine) == ("di_bawah", "di_atas")
    assert _line(office, nip=line.nip).hasil == "di_bawah"
    # Another field is not a conflict: theirs is kept, mine is added.
    evaluations.save(office, KODE, line.nip, seen=shown, perilaku="sesuai")
    after = _line(office, nip=line.nip)
    assert (after.hasil, after.perilaku) == ("di_bawah", "sesuai")


def test_calibration_changes_need_a_reason(office: Office) -> None:
    line = _with_suggestion(office)
    saved = evaluations.save(office, KODE, line.nip, seen=None, hasil="sesuai", perilaku="sesuai")
    with pytest.raises(ValidationError):
        evaluations.save(office, KODE, line.nip, seen=saved, hasil="di_atas", calibration=True)
    evaluations.save(
        office,
        KODE,
        line.nip,
        seen=saved,
        hasil="di_atas",
        alasan="Kalibrasi: target terlampaui",
        calibration=True,
    )
    assert _line(office, nip=line.nip).predikat == "baik"


def test_evaluation_is_refused_outside_an_open_period(office: Office) -> None:
    line = _with_suggestion(office)
    office.set_period_status(KODE, "ditutup")
    with pytest.raises(ValidationError):
        evaluations.save(office, KODE, line.nip, seen=None, hasil="sesuai")


def test_officials_come_from_the_tree_and_for_the_head_from_the_settings(office: Office) -> None:
    people = office.employees_by_nip()
    head = next(e for e in people.values() if not e["atasan_nip"] and e["aktif"])
    outside = {
        "penilai": {
            "nama": "Drs. Bupati Contoh",
            "nip": "196501011990031001",
            "pangkat": "IV/e",
            "jabatan": "Bupati",
            "instansi": "Pemerintah Kabupaten",
        },
        "atasan": {
            "nama": "Gubernur Contoh",
            "nip": "",
            "pangkat": "",
            "jabatan": "Gubernur",
            "instansi": "Pemerintah Provinsi",
        },
    }
    penilai, atasan = evaluations.officials(office, head["nip"], outside)
    assert penilai is not None and penilai.nama == "Drs. Bupati Contoh"
    assert atasan is not None and atasan.jabatan == "Gubernur"
    report_to_head = next(e for e in people.values() if e["atasan_nip"] == head["nip"])
    penilai, atasan = evaluations.officials(office, report_to_head["nip"], outside)
    assert penilai is not None and penilai.nip.replace(" ", "") == head["nip"]
    assert atasan is not None and atasan.nama == "Drs. Bupati Contoh"
    deeper = next(
        e for e in people.values() if e["atasan_nip"] == report_to_head["nip"] and e["aktif"]
    )
    penilai, atasan = evaluations.officials(office, deeper["nip"], outside)
    assert penilai is not None and atasan is not None
    assert atasan.nip.replace(" ", "") == head["nip"]


def test_the_distribution_counts_only_employees_with_both_ratings(office: Office) -> None:
    found = evaluations.lines(office, KODE)
    for line in found[:4]:
        evaluations.save(
            office,
            KODE,
            line.nip,
            seen=None,
            hasil="di_atas",
            perilaku="di_atas",
            alasan="" if line.saran == "di_atas" else "bukti kinerja",
        )
    evaluations.save(office, KODE, found[4].nip, seen=None, hasil="sesuai")
    evaluations.set_organisation(office, KODE, "baik")
    result = evaluations.distribution(office, KODE)
    assert result.organisasi == "baik"
    assert result.jumlah == 4 and result.belum == len(found) - 4
    assert result.counts["sangat_baik"] == 4
    # Baik needs at least one Butuh Perbaikan or Kurang/Misconduct.
    assert not result.sesuai and len(result.breaches) == 1


def test_export_and_import_round_trip(office: Office) -> None:
    found = evaluations.lines(office, KODE)
    rows = [
        {
            "periode": KODE,
            "nip": line.nip,
            "hasil_kerja": "sesuai",
            "perilaku_kerja": (line.saran or "sesuai").replace("_", "-"),
            "alasan": "",
        }
        for line in found
    ]
    planned, errors = evaluations.plan_import(office, rows)
    assert errors == []
    assert evaluations.save_planned(office, planned) == (len(found), 0, 0)
    exported = evaluations.export_rows(office, KODE)
    assert [r["nip"] for r in exported] == [line.nip for line in found]
    assert all(r["hasil_kerja"] == "sesuai" for r in exported)
    again = [
        {k: r[k] for k in ("periode", "nip", "hasil_kerja", "perilaku_kerja")} | {"alasan": ""}
        for r in exported
    ]
    planned, errors = evaluations.plan_import(office, again)
    assert errors == []
    assert evaluations.save_planned(office, planned) == (0, 0, len(found))


def test_import_rows_are_checked_with_the_grid_rules(office: Office) -> None:
    line = _with_suggestion(office)
    rows = [
        {"periode": KODE, "nip": line.nip, "hasil_kerja": "luar biasa", "perilaku_kerja": "sesuai"},
        {"periode": KODE, "nip": line.nip, "hasil_kerja": "sesuai", "perilaku_kerja": "di-atas"},
        {
            "periode": "2030-S1",
            "nip": line.nip,
            "hasil_kerja": "sesuai",
            "perilaku_kerja": "sesuai",
        },
    ]
    planned, errors = evaluations.plan_import(office, rows)
    assert planned == []
    assert [e[0] for e in errors] == [2, 3, 4]
    assert "di-atas, sesuai, di-bawah" in errors[0][2]
    assert "alasan" in errors[1][2]
