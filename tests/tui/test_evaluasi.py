"""Evaluasi and Kalibrasi, driven by the keyboard only: one key per rating, reasons asked
before the save that needs them, conflicts shown, the distribution check live."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from models.i18n import set_language
from models.office import Office
from tests.tui import tour
from tui.app import KinerjaApp
from tui.dialogs.conflict import ConflictDialog
from tui.dialogs.picker import Picker
from tui.dialogs.prompt import Prompt
from tui.dialogs.text import TextDialog
from tui.screens.evaluasi.common import EvaluationScreen
from tui.textual_private import rendered_text

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
