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


def test_a_settled_conflict_is_in_the_audit_trail(office: Office, office_path: object) -> None:
    line = _with_suggestion(office)
    other = Office.open(office_path)  # type: ignore[arg-type]
    evaluations.save(other, KODE, line.nip, seen=None, hasil="di_bawah")
    with pytest.raises(CellConflict) as caught:
        evaluations.save(office, KODE, line.nip, seen=None, hasil="di_atas")
    conflict = caught.value
    evaluations.save(
        office,
        KODE,
        line.nip,
        seen={"hasil_kerja": conflict.theirs},
        hasil=conflict.mine,
        resolved=evaluations.resolution(conflict, "diketik"),
    )
    assert _line(office, nip=line.nip).hasil == "di_atas"
    note, change = office.store.audit(nip=line.nip)[-2:]
    assert (note["aksi"], note["tabel"], note["periode"]) == ("konflik", "evaluations", KODE)
    assert note["baru"] == {
        "kolom": "hasil_kerja",
        "tersimpan": "di_bawah",
        "diketik": "di_atas",
        "dipilih": "diketik",
    }
    assert change["lama"] == {"hasil_kerja": "di_bawah"}


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
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
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


COLUMNS = ("periode", "nip", "hasil_kerja", "perilaku_kerja", "alasan")


def _rows(*rows: dict[str, str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as a file gives them: (line, every column present)."""
    return [(n, dict.fromkeys(COLUMNS, "") | row) for n, row in enumerate(rows, start=2)]


def test_export_and_import_round_trip(office: Office) -> None:
    found = evaluations.lines(office, KODE)
    rows = _rows(
        *(
            {
                "periode": KODE,
                "nip": line.nip,
                "hasil_kerja": "sesuai",
                "perilaku_kerja": (line.saran or "sesuai").replace("_", "-"),
            }
            for line in found
        )
    )
    plan = evaluations.plan_import(office, rows, COLUMNS)
    assert plan.errors == [] and (plan.added, plan.updated, plan.unchanged) == (len(found), 0, 0)
    evaluations.save_planned(office, plan.rows)
    exported = evaluations.export_rows(office, KODE)
    assert [r["nip"] for r in exported] == [line.nip for line in found]
    assert all(r["hasil_kerja"] == "sesuai" for r in exported)
    again = [(n, {k: str(v or "") for k, v in r.items()}) for n, r in enumerate(exported, 2)]
    plan = evaluations.plan_import(office, again, evaluations.EXPORT_FIELDS)
    assert plan.errors == [] and plan.rows == [] and plan.unchanged == len(found)


def test_import_rows_are_checked_with_the_grid_rules(office: Office) -> None:
    line = _with_suggestion(office)
    other = next(ln for ln in evaluations.lines(office, KODE) if ln.nip != line.nip)
    plan = evaluations.plan_import(
        office,
        _rows(
            {"periode": KODE, "nip": line.nip, "hasil_kerja": "luar biasa"},
            {"periode": KODE, "nip": line.nip, "perilaku_kerja": "di-atas"},
            {"periode": "2030-S1", "nip": line.nip, "hasil_kerja": "sesuai"},
            {"periode": KODE, "nip": "1985", "hasil_kerja": "sesuai"},
            {"periode": "", "nip": line.nip, "hasil_kerja": "sesuai"},
            {"periode": KODE, "nip": other.nip, "hasil_kerja": "sesuai"},
            {"periode": KODE, "nip": " ".join(other.nip), "hasil_kerja": "di atas"},
        ),
        COLUMNS,
    )
    assert plan.rows[0].nip == other.nip and len(plan.rows) == 1
    assert [e[0] for e in plan.errors] == [2, 3, 4, 5, 6, 8]
    messages = [e[2] for e in plan.errors]
    assert "di-atas, sesuai, di-bawah" in messages[0]
    assert "alasan" in messages[1]
    assert "2030-S1" in messages[2]
    assert "periode" in messages[4]
    assert "baris 7" in messages[5]


def test_a_blank_cell_keeps_what_is_stored(office: Office) -> None:
    line = _with_suggestion(office)
    evaluations.save(
        office, KODE, line.nip, seen=None, hasil="di_atas", perilaku="di_atas", alasan="Teladan"
    )
    plan = evaluations.plan_import(
        office, _rows({"periode": KODE, "nip": line.nip, "hasil_kerja": "sesuai"}), COLUMNS
    )
    assert plan.errors == [] and plan.updated == 1
    evaluations.save_planned(office, plan.rows)
    after = _line(office, nip=line.nip)
    assert (after.hasil, after.perilaku, after.alasan) == ("sesuai", "di_atas", "Teladan")
    # Without the alasan column, the stored reason covers a perilaku off the suggestion.
    columns = ("periode", "nip", "hasil_kerja", "perilaku_kerja")
    rows = [
        (2, {"periode": KODE, "nip": line.nip, "hasil_kerja": "di-bawah", "perilaku_kerja": ""})
    ]
    plan = evaluations.plan_import(office, rows, columns)
    assert plan.errors == [] and plan.rows[0].changes == {"hasil_kerja": "di_bawah"}


def test_unchanged_rows_pass_in_a_closed_period(office: Office) -> None:
    line = _with_suggestion(office)
    evaluations.save(office, KODE, line.nip, seen=None, hasil="sesuai", perilaku="sesuai")
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    same = {"periode": KODE, "nip": line.nip, "hasil_kerja": "sesuai", "perilaku_kerja": "sesuai"}
    plan = evaluations.plan_import(office, _rows(same), COLUMNS)
    assert plan.errors == [] and plan.unchanged == 1
    plan = evaluations.plan_import(office, _rows(same | {"hasil_kerja": "di-atas"}), COLUMNS)
    assert len(plan.errors) == 1 and "ditutup" in plan.errors[0][2]


def test_an_import_is_audited_and_names_the_pejabat_penilai(office: Office) -> None:
    line = _with_suggestion(office)
    row = {"periode": KODE, "nip": line.nip, "hasil_kerja": "di-atas", "perilaku_kerja": "sesuai"}
    evaluations.save_planned(office, evaluations.plan_import(office, _rows(row), COLUMNS).rows)
    stored = _line(office, nip=line.nip).record
    assert stored is not None
    assert stored["penilai_nip"] == office.employee(line.nip)["atasan_nip"]
    audit = office.store.audit(nip=line.nip)
    assert audit[-1]["aksi"] == "tambah" and audit[-1]["baru"]["hasil_kerja"] == "di_atas"


# --------------------------------------------------------------------------- through Office


def test_a_new_office_starts_with_the_official_tables(empty_office: Office) -> None:
    from models import evaluation

    stored = empty_office.settings()["evaluasi"]
    assert stored == evaluation.default_settings()
    assert empty_office.evaluation_settings()["min_penilai_anonim"] == 3


def test_settings_take_a_part_of_evaluasi_and_check_it(office: Office) -> None:
    from models import evaluation

    assert "evaluasi" not in office.settings()  # an office made before: the defaults apply
    assert office.evaluation_settings() == evaluation.default_settings()
    office.update_settings(
        office.settings(), {"evaluasi": {"ambang_perilaku": {"di_atas": 85, "sesuai": 65}}}
    )
    config = office.evaluation_settings()
    assert config["ambang_perilaku"] == {"di_atas": 85, "sesuai": 65}
    assert config["kurva"] == evaluation.DEFAULT_CURVE
    office.update_settings(office.settings(), {"evaluasi": {"min_penilai_anonim": 5}})
    assert office.evaluation_settings()["ambang_perilaku"]["di_atas"] == 85
    for bad in (
        {"min_penilai_anonim": 0},
        {"matriks": {"di_atas": {}}},
        {"kurva": {"istimewa": []}},
        {"ambang_perilaku": {"di_atas": 60, "sesuai": 70}},
    ):
        with pytest.raises(ValidationError):
            office.update_settings(office.settings(), {"evaluasi": bad})
    with pytest.raises(ValidationError) as caught:
        office.update_settings(office.settings(), {"evaluasi": "semua"})
    assert caught.value.field == "evaluasi"
    assert office.evaluation_settings()["min_penilai_anonim"] == 5


def test_a_damaged_evaluasi_setting_is_refused_in_words(office: Office) -> None:
    with office.store.transaction() as txn:
        settings = office.store.all("settings")[0]
        txn.update("settings", settings, {"evaluasi": {"matriks": {"x": 1}}}, check_rev=False)
    with pytest.raises(ValidationError) as caught:
        office.evaluation_lines(KODE)
    assert "3 × 3" in str(caught.value)


def test_a_corrected_table_and_curve_change_the_lines_and_the_check(office: Office) -> None:
    """The table and the curve are data: a correction applies at once, audited."""
    from models import evaluation

    found = office.evaluation_lines(KODE)
    for line in found[:4]:
        office.save_evaluation(
            KODE, line.nip, seen=None, hasil="sesuai", perilaku="di_atas", alasan="bukti"
        )
    office.set_organisation(KODE, "baik")
    assert office.distribution(KODE).counts["baik"] == 4
    assert [str(b) for b in office.distribution(KODE).breaches] == [
        "Baik 4 dari 4 (100,0%) melebihi batas 70%",
        "Butuh Perbaikan + Kurang/Misconduct ada 0; harus sekurang-kurangnya 1",
    ]
    audit = len(office.store.audit())
    config = office.evaluation_settings()
    matrix = {h: dict(row) for h, row in config["matriks"].items()}
    matrix["sesuai"]["di_atas"] = "sangat_baik"
    curve = evaluation.with_limits(config["kurva"], "baik", ["100", "0"])
    office.update_settings(office.settings(), {"evaluasi": {"matriks": matrix, "kurva": curve}})
    rated = [ln for ln in office.evaluation_lines(KODE) if ln.hasil is not None]
    assert {ln.predikat for ln in rated} == {"sangat_baik"}
    result = office.distribution(KODE)
    assert result.counts["sangat_baik"] == 4 and result.sesuai
    entries = office.store.audit()
    assert len(entries) == audit + 1
    assert entries[-1]["tabel"] == "settings"
    # This office was made before the settings had an evaluasi part: it used the defaults.
    assert entries[-1]["lama"] == {"evaluasi": None}
    assert entries[-1]["baru"]["evaluasi"]["matriks"]["sesuai"]["di_atas"] == "sangat_baik"
    assert entries[-1]["baru"]["evaluasi"]["kurva"]["baik"][0]["persen"] == 100
    # Refused: nothing changes.
    generation = office.generation
    for bad in ({"kurva": evaluation.with_limits(curve, "baik", ["101", "0"])}, {"kurve": {}}):
        with pytest.raises(ValidationError):
            office.update_settings(office.settings(), {"evaluasi": bad})
    assert office.generation == generation
    assert office.evaluation_settings()["kurva"]["baik"][0]["persen"] == 100


def test_the_lines_follow_every_save(office: Office) -> None:
    line = _with_suggestion(office)
    assert next(ln for ln in office.evaluation_lines(KODE) if ln.nip == line.nip).hasil is None
    office.save_evaluation(KODE, line.nip, seen=None, hasil="di_bawah", perilaku="sesuai")
    after = next(ln for ln in office.evaluation_lines(KODE) if ln.nip == line.nip)
    assert (after.hasil, after.predikat) == ("di_bawah", "butuh_perbaikan")
    assert office.distribution(KODE).counts["butuh_perbaikan"] == 1
    # Another clerk's save is seen too.
    other = Office.open(office.store.path)
    other.save_evaluation(KODE, line.nip, seen=after.record, hasil="di_atas")
    office.refresh()
    again = next(ln for ln in office.evaluation_lines(KODE) if ln.nip == line.nip)
    assert again.predikat == "baik"
    assert office.officials(line.nip) == (again.penilai, again.atasan_penilai)


def test_rater_diagnostics_count_what_the_nilai_counts(office: Office) -> None:
    from models import diagnostics

    figures = office.rater_figures(KODE)
    ratings = office.ratings(KODE)
    active = office.results(KODE).by_nip
    counted = [r for r in ratings if r["nip_dinilai"] in active and r["nip_penilai"] in active]
    assert figures == diagnostics.raters(counted, office.criteria_of(KODE))
    assert {f.nip for f in figures} <= set(active)
    agreement = office.agreement(KODE)
    assert agreement == diagnostics.employees(counted, office.criteria_of(KODE))
    # A rater who leaves is no longer in the figures.
    heads = {e["atasan_nip"] for e in office.employees() if e["aktif"]}
    leaving = next(f.nip for f in figures if f.nip not in heads)
    office.set_active(office.employee(leaving), False)
    assert leaving not in {f.nip for f in office.rater_figures(KODE)}
