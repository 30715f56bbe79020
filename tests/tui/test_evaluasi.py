"""Evaluasi and Kalibrasi, driven by the keyboard only: one key per rating, reasons asked
before the save that needs them, conflicts shown, the distribution check live."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from models.evaluation import DEFAULT_CURVE, DEFAULT_MATRIX, with_limits
from models.i18n import set_language
from models.office import Office
from tests.tui import tour
from tui.app import KinerjaApp
from tui.dialogs.confirm import Confirm
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.picker import Picker
from tui.dialogs.prompt import Prompt
from tui.dialogs.text import TextDialog
from tui.screens.evaluasi.common import EvaluationScreen
from tui.screens.pengaturan.evaluasi_forms import CurveForm, MatrixForm
from tui.textual_private import notification_messages, rendered_text

KODE = "2026-S2"


def screen(app: KinerjaApp) -> EvaluationScreen:
    shown = app.screen
    assert isinstance(shown, EvaluationScreen)
    return shown


def status(app: KinerjaApp) -> str:
    return str(screen(app).query_one("#ev-status", Static).render())


def panel(app: KinerjaApp) -> str:
    return str(screen(app).query_one("#ev-dist", Static).render())


def stored(path: Path, nip: str) -> tuple[str | None, str | None, str]:
    line = next(ln for ln in Office.open(path).evaluation_lines(KODE) if ln.nip == nip)
    return line.hasil, line.perilaku, line.alasan


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@pytest.fixture
def prepared(tmp_path: Path) -> Path:
    """The walk's office: 2026-S2 with its first twelve employees rated, organisation Baik."""
    return tour.prepare(tmp_path / "kantor").office


# --------------------------------------------------------------------------- the grid


async def test_the_grid_lands_on_the_first_empty_rating_and_moves_on(prepared: Path) -> None:
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = screen(app).grid
        first = grid.lines[tour.EVALUATED]
        assert grid.cursor_position == (first.nip, "hasil")
        assert first.saran == "sesuai"
        # The suggested perilaku needs no reason: both keys save at once.
        await press(pilot, "a", "s")
        assert not isinstance(app.screen, Prompt)
        assert stored(prepared, first.nip) == ("di_atas", "sesuai", "")
        assert "Baik" in status(app)
        # The cursor went on to the next row with an empty rating, never into a rated one.
        following = grid.lines[tour.EVALUATED + 1]
        assert grid.cursor_position == (following.nip, "hasil")
        assert "N 13 · belum dinilai 26" in panel(app)
        text = rendered_text(app.screen)
        assert "Pejabat penilai:" in text


async def test_a_complete_row_is_skipped_and_a_gap_above_is_found(prepared: Path) -> None:
    office = Office.open(prepared)
    lines = office.evaluation_lines(KODE)
    # Everyone rated but the third employee, whose hasil is the one gap left.
    for line in lines[tour.EVALUATED :]:
        office.save_evaluation(
            KODE, line.nip, seen=line.record, hasil="sesuai", perilaku=line.saran or "sesuai"
        )
    gap = lines[2]
    office.save_evaluation(KODE, gap.nip, seen=office.evaluation_lines(KODE)[2].record, hasil=None)
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = screen(app).grid
        assert grid.cursor_position == (gap.nip, "hasil")
        await press(pilot, "b")
        assert stored(prepared, gap.nip)[0] == "di_bawah"
        # Nothing is left: the cursor stays and the clerk is told.
        assert grid.cursor_position == (gap.nip, "hasil")
        assert "semua pegawai sudah dinilai" in status(app)


async def test_a_perilaku_against_the_suggestion_asks_for_the_reason_first(
    prepared: Path,
) -> None:
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen(app).grid.lines[tour.EVALUATED]
        await press(pilot, "a", "b")
        assert isinstance(app.screen, Prompt)
        assert "Sesuai ekspektasi" in rendered_text(app.screen)
        # Esc: nothing is saved, not even the rating.
        await press(pilot, "escape")
        assert stored(prepared, line.nip) == ("di_atas", None, "")
        assert "Tidak ada yang disimpan" in status(app)
        await press(pilot, "b")
        # An empty reason is refused under the input, the dialog stays open.
        await press(pilot, "enter")
        assert isinstance(app.screen, Prompt)
        assert "tuliskan alasannya" in rendered_text(app.screen)
        await pilot.press(*"Sering terlambat")
        await press(pilot, "enter")
        assert not isinstance(app.screen, Prompt)
    assert stored(prepared, line.nip) == ("di_atas", "di_bawah", "Sering terlambat")
    audit = Office.open(prepared).store.audit(nip=line.nip)
    assert audit[-1]["baru"]["alasan"] == "Sering terlambat"
    assert audit[-1]["baru"]["perilaku_kerja"] == "di_bawah"


async def test_backspace_clears_and_e_edits_the_reason(prepared: Path) -> None:
    office = Office.open(prepared)
    rated = office.evaluation_lines(KODE)[1]
    assert rated.alasan
    app = KinerjaApp(office, start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = screen(app).grid
        grid.focus_cell(rated.nip, "hasil")
        await press(pilot, "backspace")
        assert stored(prepared, rated.nip)[0] is None
        grid.focus_cell(rated.nip, "perilaku")
        await press(pilot, "e")
        assert isinstance(app.screen, Prompt)
        await press(pilot, "ctrl+u")
        await pilot.press(*"Juara lomba desa")
        await press(pilot, "enter")
    assert stored(prepared, rated.nip)[2] == "Juara lomba desa"


async def test_a_burst_of_rating_keys_lands_in_consecutive_cells(prepared: Path) -> None:
    """Keys that arrive together (over SSH) each apply to the state the one before left:
    two ratings per row, a reason typed into the dialog the key before opened."""
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen(app).grid.lines[tour.EVALUATED : tour.EVALUATED + 4]
        # Suggested: sesuai, di bawah, none (no 360 nilai), sesuai.
        assert [line.saran for line in lines] == ["sesuai", "di_bawah", None, "sesuai"]
        for key in ["b", "s", "s", "b", "a", "a", "a", "b", *"Lalai", "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else "\r"))
        for _ in range(10):
            await pilot.pause()
        assert not isinstance(app.screen, Prompt)
    assert [stored(prepared, line.nip) for line in lines] == [
        ("di_bawah", "sesuai", ""),
        ("sesuai", "di_bawah", ""),
        ("di_atas", "di_atas", ""),
        ("di_atas", "di_bawah", "Lalai"),
    ]


@pytest.mark.parametrize(("key", "kept"), [("l", "diketik"), ("r", "tersimpan")])
async def test_a_rating_another_clerk_gave_meanwhile_is_shown_and_the_clerk_chooses(
    prepared: Path, key: str, kept: str
) -> None:
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen(app).grid.current_line
        assert line is not None and line.record is None
        other = Office.open(prepared)
        other.save_evaluation(KODE, line.nip, seen=None, hasil="sesuai")
        await press(pilot, "a")
        assert isinstance(app.screen, ConflictDialog)
        text = rendered_text(app.screen)
        assert "Di atas ekspektasi" in text and "Sesuai ekspektasi" in text
        await press(pilot, key)
        assert not isinstance(app.screen, ConflictDialog)
        assert "jejak audit" in status(app)
    assert stored(prepared, line.nip)[0] == ("di_atas" if kept == "diketik" else "sesuai")
    note = [e for e in Office.open(prepared).store.audit() if e["aksi"] == "konflik"][-1]
    assert note["baru"] == {
        "kolom": "hasil_kerja",
        "tersimpan": "sesuai",
        "diketik": "di_atas",
        "dipilih": kept,
    }


async def test_escape_on_a_conflict_changes_nothing_and_shows_the_stored_value(
    prepared: Path,
) -> None:
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen(app).grid.current_line
        assert line is not None
        Office.open(prepared).save_evaluation(KODE, line.nip, seen=None, hasil="di_bawah")
        await press(pilot, "a", "escape")
        assert not isinstance(app.screen, ConflictDialog)
        assert screen(app).grid.lines[tour.EVALUATED].hasil == "di_bawah"
        assert "Tidak ada yang diubah" in status(app)
    assert stored(prepared, line.nip)[0] == "di_bawah"


async def test_the_organisation_predikat_is_chosen_and_the_check_names_broken_rules(
    prepared: Path,
) -> None:
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Sesuai kurva distribusi organisasi Baik" in panel(app)
        await press(pilot, "o")
        assert isinstance(app.screen, Picker)
        await pilot.press(*"istimewa")
        await press(pilot, "enter")
        assert Office.open(prepared).period(KODE)["organisasi"] == "istimewa"
        assert "Organisasi: Istimewa" in rendered_text(app.screen)
        await press(pilot, "o")
        await pilot.press(*"butuh")
        await press(pilot, "enter")
        dist = Office.open(prepared).distribution(KODE)
        assert [str(b) for b in dist.breaches]
        for breach in dist.breaches:
            assert f"! {breach}" in panel(app)
        await press(pilot, "d")
        assert isinstance(app.screen, TextDialog)
        report = rendered_text(app.screen)
        assert "TIDAK terpenuhi" in report and "Butuh Perbaikan sekurang-kurangnya 60%" in report
        await press(pilot, "escape", "o")
        await pilot.press(*"belum")
        await press(pilot, "enter")
        assert Office.open(prepared).period(KODE).get("organisasi") is None
        assert "belum diperiksa" in panel(app)


async def test_the_find_key_jumps_to_an_employee(prepared: Path) -> None:
    office = Office.open(prepared)
    target = office.evaluation_lines(KODE)[-1]
    app = KinerjaApp(office, start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "slash")
        await pilot.press(*target.nip)
        await press(pilot, "enter")
        assert screen(app).grid.cursor_position == (target.nip, "hasil")


async def test_english_rates_with_a_m_b(prepared: Path) -> None:
    set_language("en")
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = screen(app).grid.current_line
        assert line is not None and line.saran == "sesuai"
        await press(pilot, "m", "m")
        text = rendered_text(app.screen)
        assert " a Above  m Meets  b Below " in text
    assert stored(prepared, line.nip) == ("sesuai", "sesuai", "")


async def test_a_closed_period_refuses_ratings_in_words(prepared: Path) -> None:
    office = Office.open(prepared)
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    app = KinerjaApp(office, start="evaluasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The newest period is now the draft 2027-S1; the closed one is chosen with ctrl+t.
        assert "draf" in status(app)
        await press(pilot, "ctrl+t")
        await pilot.press(*KODE)
        await press(pilot, "enter")
        assert screen(app).kode == KODE
        assert "ditutup" in status(app)
        line = screen(app).grid.current_line
        assert line is not None
        await press(pilot, "a")
        assert "ditutup" in status(app)
    assert stored(prepared, line.nip) == (None, None, "")


# --------------------------------------------------------------------------- calibration


async def test_calibration_groups_by_predikat_and_every_change_needs_a_reason(
    prepared: Path,
) -> None:
    app = KinerjaApp(Office.open(prepared), start="kalibrasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = screen(app).grid
        groups = [line.predikat for line in grid.lines]
        order = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", None]
        assert groups == sorted(groups, key=order.index)
        line = grid.lines[0]
        assert (line.predikat, line.hasil) == ("baik", "sesuai")
        # The same rating is no change and asks nothing.
        await press(pilot, "s")
        assert not isinstance(app.screen, Prompt)
        await press(pilot, "a")
        assert isinstance(app.screen, Prompt)
        assert "Alasan sebelumnya" in rendered_text(app.screen)
        await press(pilot, "enter")
        assert "perlu alasan" in rendered_text(app.screen)
        await pilot.press(*"Target terlampaui")
        await press(pilot, "enter")
        # Now Sangat Baik: first in the list, the cursor still on the employee.
        assert grid.lines[0].nip == line.nip and grid.lines[0].predikat == "sangat_baik"
        assert grid.cursor_position == (line.nip, "hasil")
        assert "Sangat Baik          1" in panel(app)
    assert stored(prepared, line.nip) == ("di_atas", "di_atas", "Target terlampaui")


async def test_a_calibration_within_the_same_predikat_redraws_only_that_row(
    prepared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.widgets.evaluation_grid import EvaluationGrid

    rebuilt: list[int] = []
    original = EvaluationGrid._rebuild

    def counting(grid: EvaluationGrid) -> None:
        rebuilt.append(len(grid.lines))
        original(grid)

    monkeypatch.setattr(EvaluationGrid, "_rebuild", counting)
    app = KinerjaApp(Office.open(prepared), start="kalibrasi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = screen(app).grid
        line = next(ln for ln in grid.lines if (ln.hasil, ln.perilaku) == ("sesuai", "sesuai"))
        grid.focus_cell(line.nip, "perilaku")
        rebuilt.clear()
        await press(pilot, "a")
        await pilot.press(*"Inisiatif")
        await press(pilot, "enter")
        assert rebuilt == []
        index = grid.index_of(line.nip)
        assert index is not None
        assert grid.lines[index].perilaku == "di_atas" and grid.lines[index].predikat == "baik"
        assert "Di atas" in str(grid.get_row_at(index)[grid.rating_columns[1]])


async def test_the_rater_diagnostics_are_one_key_away(prepared: Path) -> None:
    office = Office.open(prepared)
    flagged = [r for r in office.rater_figures(KODE) if r.tanda]
    assert flagged
    name = office.employee(flagged[0].nip)["nama"]
    app = KinerjaApp(office, start="kalibrasi")
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "g")
        assert isinstance(app.screen, TextDialog)
        text = rendered_text(app.screen)
    assert f"{name} {'longgar' if flagged[0].tanda == 'longgar' else 'ketat'}" in text
    assert "tidak mengubah nilai" in text


# --------------------------------------------------------------------------- settings


async def test_the_outside_officials_and_thresholds_are_edited_in_pengaturan(
    prepared: Path,
) -> None:
    app = KinerjaApp(Office.open(prepared), start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "5", "down", "e")
        await pilot.press(*"Gubernur Contoh")
        await press(pilot, "tab", "tab", "tab")
        await pilot.press(*"Gubernur")
        await press(pilot, "enter")
        assert "Gubernur Contoh, Gubernur" in rendered_text(app.screen)
        await press(pilot, "down", "e", "ctrl+u")
        await pilot.press(*"60")
        await press(pilot, "enter")
        # Refused in words under the field; nothing saved.
        assert "ambang saran perilaku tidak sah" in rendered_text(app.screen)
        await press(pilot, "ctrl+u")
        await pilot.press(*"95")
        await press(pilot, "enter")
        await press(pilot, "down", "e", "ctrl+u", "5", "enter")
    config = Office.open(prepared).evaluation_settings()
    assert config["pejabat_luar"]["atasan"]["nama"] == "Gubernur Contoh"
    assert config["pejabat_luar"]["atasan"]["jabatan"] == "Gubernur"
    assert config["pejabat_luar"]["penilai"] == tour.OUTSIDE_OFFICIAL
    assert config["ambang_perilaku"] == {"di_atas": 95, "sesuai": 70}
    assert config["min_penilai_anonim"] == 5


async def test_a_cell_of_the_predikat_table_is_corrected_in_pengaturan(prepared: Path) -> None:
    before = Office.open(prepared)
    counts = dict(before.distribution(KODE).counts)
    moved = [
        ln.nip
        for ln in before.evaluation_lines(KODE)
        if (ln.hasil, ln.perilaku) == ("di_atas", "di_bawah")
    ]
    assert moved and counts["kurang"] >= len(moved)
    app = KinerjaApp(Office.open(prepared), start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "5", *["down"] * tour.MATRIX_ROW, "e")
        form = app.screen
        assert isinstance(form, MatrixForm)
        assert form.value("di_atas__di_bawah") == "kurang"
        # The third cell (hasil di atas, perilaku di bawah): its list, one up, chosen.
        await press(pilot, "tab", "tab", "enter", "up", "enter")
        assert form.value("di_atas__di_bawah") == "butuh_perbaikan"
        # Enter in a cell opens its list; the form saves with its button, after the cells.
        await press(pilot, *["tab"] * 7, "enter")
        assert not isinstance(app.screen, MatrixForm)
        assert "diubah: 1 sel berbeda dari resmi" in rendered_text(app.screen)
    office = Office.open(prepared)
    assert office.evaluation_settings()["matriks"]["di_atas"]["di_bawah"] == "butuh_perbaikan"
    lines = {ln.nip: ln for ln in office.evaluation_lines(KODE)}
    assert {lines[nip].predikat for nip in moved} == {"butuh_perbaikan"}
    assert office.distribution(KODE).counts == {
        **counts,
        "kurang": counts["kurang"] - len(moved),
        "butuh_perbaikan": counts["butuh_perbaikan"] + len(moved),
    }
    entry = office.store.audit()[-1]
    assert entry["tabel"] == "settings"
    assert entry["lama"]["evaluasi"]["matriks"]["di_atas"]["di_bawah"] == "kurang"
    assert entry["baru"]["evaluasi"]["matriks"]["di_atas"]["di_bawah"] == "butuh_perbaikan"


async def test_a_limit_of_a_curve_is_corrected_and_a_bad_one_refused(prepared: Path) -> None:
    before = Office.open(prepared)
    assert before.distribution(KODE).breaches == []
    generation = before.generation
    baik_row = tour.MATRIX_ROW + 2
    app = KinerjaApp(Office.open(prepared), start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "5", *["down"] * baik_row)
        assert "• Butuh Perbaikan + Kurang/Misconduct sekurang-kurangnya 1 orang" in (
            rendered_text(app.screen)
        )
        await press(pilot, "e")
        assert isinstance(app.screen, CurveForm)
        text = rendered_text(app.screen)
        assert "Baik ≤ … %" in text and "Butuh Perbaikan + Kurang/Misconduct ≥ … orang" in text
        for typed, shown in (("101", "101"), ("-5", "-5"), ("7,5", '"7,5"')):
            await press(pilot, "ctrl+u", *typed, "enter")
            assert isinstance(app.screen, CurveForm)
            error = str(app.screen.query_one("#e-r0", Static).render())
            assert error == (
                f"kurva Baik, aturan ke-1: persen harus bilangan bulat 0 sampai 100, bukan {shown}"
            )
        assert Office.open(prepared).generation == generation
        await press(pilot, "ctrl+u", "3", "0", "enter")
        assert not isinstance(app.screen, CurveForm)
        text = rendered_text(app.screen)
        assert "Baik paling banyak 30%" in text
        assert "(diubah dari ketentuan resmi):" in text
    office = Office.open(prepared)
    assert office.evaluation_settings()["kurva"]["baik"][0] == {
        "predikat": ["baik"],
        "banding": "<=",
        "persen": 30,
    }
    assert [str(b) for b in office.distribution(KODE).breaches] == [
        "Baik 4 dari 12 (33,3%) melebihi batas 30%"
    ]
    assert office.store.audit()[-1]["baru"]["evaluasi"]["kurva"]["baik"][0]["persen"] == 30


async def test_a_curve_of_many_rules_still_fits_80x24(prepared: Path) -> None:
    """Only a file import makes one; the section shows a few, the form all of them."""
    office = Office.open(prepared)
    curve = dict(office.evaluation_settings()["kurva"])
    curve["istimewa"] = [
        {"predikat": [code], "banding": "<=", "persen": 50 + n}
        for n, code in enumerate(["sangat_baik", "baik", "butuh_perbaikan", "kurang"])
    ] + [{"predikat": ["sangat_kurang"], "banding": "<=", "jumlah": n} for n in (0, 1)]
    office.update_settings(office.settings(), {"evaluasi": {"kurva": curve}})
    app = KinerjaApp(Office.open(prepared), start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "5", *["down"] * (tour.MATRIX_ROW + 1))
        text = rendered_text(app.screen)
        assert "• Butuh Perbaikan paling banyak 52%" not in text
        assert "• … dan 4 aturan lagi (v menampilkan semuanya)" in text
        assert "kembalikan ketentuan resmi (tabel, kurva)" in text  # the note is still shown
        await press(pilot, "e")
        assert isinstance(app.screen, CurveForm)
        last = app.screen.query_one("#f-r5", Input)
        assert last.value == "1" and last.region.bottom <= 23
        await press(pilot, *["tab"] * 5, "ctrl+u", "2", "enter")
    stored = Office.open(prepared).evaluation_settings()["kurva"]["istimewa"]
    assert [rule.get("jumlah", rule.get("persen")) for rule in stored] == [50, 51, 52, 53, 0, 2]


async def test_the_official_values_are_put_back_after_asking(prepared: Path) -> None:
    office = Office.open(prepared)
    config = office.evaluation_settings()
    matrix = {h: dict(row) for h, row in config["matriks"].items()}
    matrix["sesuai"]["di_atas"] = "sangat_baik"
    curve = with_limits(config["kurva"], "kurang", ["55", "10", "10"])
    office.update_settings(office.settings(), {"evaluasi": {"matriks": matrix, "kurva": curve}})
    app = KinerjaApp(Office.open(prepared), start="pengaturan")
    async with app.run_test(size=(80, 24)) as pilot:
        # Not on the officials' rows: nothing there has official values.
        await press(pilot, "5", "d")
        assert not isinstance(app.screen, Confirm)
        await press(pilot, *["down"] * tour.KURANG_ROW, "d")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert Office.open(prepared).evaluation_settings()["kurva"]["kurang"][0]["persen"] == 55
        await press(pilot, "d", "y")
        assert notification_messages(app)[-1] == (
            "Dikembalikan ke ketentuan resmi: kurva bila predikat organisasi Kurang."
        )
        # Already official: said so, nothing asked.
        await press(pilot, "d")
        assert not isinstance(app.screen, Confirm)
        assert notification_messages(app)[-1] == (
            "Sudah sesuai ketentuan resmi: kurva bila predikat organisasi Kurang."
        )
        await press(pilot, *["up"] * (tour.KURANG_ROW - tour.MATRIX_ROW), "d", "y")
    config = Office.open(prepared).evaluation_settings()
    assert config["kurva"] == DEFAULT_CURVE
    assert config["matriks"] == DEFAULT_MATRIX


# --------------------------------------------------------------------------- snapshots


def test_snapshot_evaluasi_80x24(prepared: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    assert snap_compare(app, terminal_size=(80, 24), press=["a", "s"])


def test_snapshot_kalibrasi_80x24(prepared: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(prepared), start="kalibrasi")
    assert snap_compare(app, terminal_size=(80, 24), press=["down"])


def test_snapshot_pengaturan_evaluasi_80x24(prepared: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(prepared), start="pengaturan")
    assert snap_compare(app, terminal_size=(80, 24), press=["5"])


def test_snapshot_evaluasi_english_80x24(prepared: Path, snap_compare: Any) -> None:
    set_language("en")
    app = KinerjaApp(Office.open(prepared), start="evaluasi")
    assert snap_compare(app, terminal_size=(80, 24), press=["a", "m"])


def test_snapshot_kalibrasi_without_colour_80x24(
    prepared: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: the cursor cell is still told apart (reverse video), the check in words."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = KinerjaApp(Office.open(prepared), start="kalibrasi")
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), press=["down", "down"])
