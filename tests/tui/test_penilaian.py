"""Penilaian grid, driven by the keyboard only: one digit per score, durable, undoable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from models import eligibility
from models.entry import sheet_for_rater
from models.office import Office
from tui.app import KinerjaApp
from tui.dialogs.picker import Picker
from tui.screens.penilaian import MODE_RATEE, MODE_RATER, PenilaianScreen
from tui.textual_private import notification_messages, rendered_text
from tui.widgets.score_grid import FIRST_CRITERION, ScoreGrid

KODE = "2026-S2"


def screen_text(app: KinerjaApp) -> str:
    """What the terminal shows now, as plain text lines."""
    return rendered_text(app.screen)


def penilaian(app: KinerjaApp) -> PenilaianScreen:
    screen = app.screen
    assert isinstance(screen, PenilaianScreen)
    return screen


def grid(app: KinerjaApp) -> ScoreGrid:
    return penilaian(app).grid


def status(app: KinerjaApp) -> str:
    return str(app.screen.query_one("#pn-status", Static).render())


def notifications(app: KinerjaApp) -> list[str]:
    return notification_messages(app)


def find(office: Office, nama: str) -> dict[str, Any]:
    return next(e for e in office.employees() if e["nama"] == nama)


def supervisors(office: Office) -> list[dict[str, Any]]:
    """Active employees with active direct subordinates, in name order."""
    active = [e for e in office.employees() if e["aktif"]]
    bosses = {e["atasan_nip"] for e in active if e["atasan_nip"]}
    return [e for e in active if e["nip"] in bosses]


async def pick(pilot: Pilot[Any], app: KinerjaApp, nip: str, nama: str) -> int:
    """Choose a person in the picker by typing their name until they are highlighted.

    Returns the keys pressed (opening key, letters, enter), as a clerk would.
    """
    await pilot.press("slash")
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, Picker)
    presses = 1
    for character in nama:
        row = modal.table.cursor_row
        if modal.shown and modal.shown[row].value == nip and presses > 1:
            break
        await pilot.press("space" if character == " " else character)
        presses += 1
    await pilot.press("enter")
    await pilot.pause()
    return presses + 1


async def open_rater(pilot: Pilot[Any], app: KinerjaApp, emp: dict[str, Any]) -> None:
    await pick(pilot, app, emp["nip"], emp["nama"])
    screen = penilaian(app)
    assert screen.person == emp["nip"]
    assert screen.mode == MODE_RATER


# --------------------------------------------------------------------------- entry


def blank_sheet(office: Office, rater: str) -> None:
    """Remove what ``rater`` has entered in KODE, so the form is typed from scratch."""
    for row in sheet_for_rater(office, KODE, rater):
        if row.status != "kosong":
            office.delete_rating(KODE, row.ratee, row.rater)


async def test_a_whole_rater_sheet_with_one_digit_per_score(office_path: Path) -> None:
    office = Office.open(office_path)
    rater = max(supervisors(office), key=lambda e: len(sheet_for_rater(office, KODE, e["nip"])))
    blank_sheet(office, rater["nip"])
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        table = grid(app)
        rows = list(table.sheet)
        kodes = [c["kode"] for c in table.criteria]
        assert len(rows) >= 5 and kodes == ["disiplin", "kualitas", "komunikasi"]
        assert [r.peran for r in rows][:2] == ["atasan", "atasan"]
        # Start at the top-left score cell, then type the whole sheet.
        table.cursor_coordinate = table.cursor_coordinate._replace(row=0, column=FIRST_CRITERION)
        expected: dict[tuple[str, str], dict[str, int]] = {}
        pressed = 0
        for i, row in enumerate(rows):
            scores = {k: (i + j) % 5 + 1 for j, k in enumerate(kodes)}
            expected[row.key] = scores
            await pilot.press(*(str(v) for v in scores.values()))
            pressed += len(scores)
        await pilot.pause()
        assert all(r.status == "lengkap" for r in table.sheet)
        last = rows[-1]
        assert f"Tersimpan: {last.nama}" in status(app)
        text = screen_text(app)
        assert "lengkap" in text

    again = Office.open(office_path)
    stored = 0
    for (ratee, rater_nip), scores in expected.items():
        rating = again.rating(KODE, ratee, rater_nip)
        assert rating is not None
        assert rating["skor"] == scores
        stored += len(rating["skor"])
    assert pressed == stored == len(rows) * 3


async def test_other_keys_are_refused_with_a_hint_and_store_nothing(office_path: Path) -> None:
    office = Office.open(office_path)
    before = len(office.ratings(KODE))
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        start = grid(app).cursor_coordinate
        await pilot.press("x", "0", "9", "space")
        await pilot.pause()
        assert status(app) == 'Ketik 1-5 untuk nilai (tombol " " tidak dipakai di sini).'
        assert grid(app).cursor_coordinate == start
        await pilot.press("7")
        await pilot.pause()
        assert status(app) == 'Ketik 1-5 untuk nilai (tombol "7" tidak dipakai di sini).'
        assert grid(app).cursor_coordinate == start
    assert len(Office.open(office_path).ratings(KODE)) == before


async def test_backspace_clears_and_undo_restores(office_path: Path) -> None:
    office = Office.open(office_path)
    rater = find(office, "Yuni Yuliani")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        table = grid(app)
        done = next(r for r in table.sheet if r.status == "lengkap")
        assert table.focus_cell(done.key, 0)
        old = done.skor["disiplin"]
        new = 1 if old != 1 else 2
        await pilot.press(str(new))
        await pilot.pause()
        assert Office.open(office_path).rating(KODE, *done.key)["skor"]["disiplin"] == new  # type: ignore[index]
        # The rating is complete, so the next digit would go to a row still missing one.
        moved = table.current_row
        assert moved is not None and moved.key != done.key and moved.status != "lengkap"
        assert table.focus_cell(done.key, 0)
        await pilot.press("backspace")
        await pilot.pause()
        stored = Office.open(office_path).rating(KODE, *done.key)
        assert stored is not None and "disiplin" not in stored["skor"]
        assert table.sheet[table.index_of(done.key) or 0].status == "draf"
        assert status(app).startswith("Dihapus:")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert Office.open(office_path).rating(KODE, *done.key)["skor"]["disiplin"] == new  # type: ignore[index]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert Office.open(office_path).rating(KODE, *done.key)["skor"]["disiplin"] == old  # type: ignore[index]
        assert status(app).startswith("Diurungkan:")
        assert table.current_row is not None and table.current_row.key == done.key
        assert table.current_row.skor["disiplin"] == old
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert status(app) == "Tidak ada perubahan yang bisa diurungkan."


async def test_comment_is_saved_and_marked(office_path: Path) -> None:
    office = Office.open(office_path)
    rater = find(office, "Yuni Yuliani")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        row = grid(app).current_row
        assert row is not None
        await pilot.press("c")
        await pilot.pause()
        assert "Umpan balik Yuni Yuliani untuk" in screen_text(app)
        await pilot.press("ctrl+u", *"Rapi", "space", *"dan", "space", *"teliti", "enter")
        await pilot.pause()
        assert status(app) == f"Umpan balik untuk {row.nama} tersimpan."
        current = grid(app).current_row
        assert current is not None and current.catatan == "Rapi dan teliti"
        # The comment mark appears in this row's last column, where it was not before.
        table = grid(app)
        assert str(table.get_row_at(table.cursor_row)[-1]).strip() == "*"
    rating = Office.open(office_path).rating(KODE, *row.key)
    assert rating is not None and rating["catatan"] == "Rapi dan teliti"


async def test_closed_period_refuses_typing_with_the_models_message(office_path: Path) -> None:
    office = Office.open(office_path)
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    before = len(office.ratings(KODE))
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        message = "periode 2026-S2 sudah ditutup; penilaian tidak dapat diubah"
        assert status(app) == message
        start = grid(app).cursor_coordinate
        await pilot.press("4")
        await pilot.pause()
        assert status(app) == message
        assert message in notifications(app)
        assert grid(app).cursor_coordinate == start
        assert "(ditutup)" in screen_text(app)
    assert len(Office.open(office_path).ratings(KODE)) == before


async def test_adding_an_inactive_person_is_refused_and_a_peer_from_another_unit_warned(
    office_path: Path,
) -> None:
    office = Office.open(office_path)
    inactive = next(e for e in office.employees() if not e["aktif"])
    rater = find(office, "Yuni Yuliani")
    employees = office.employees_by_nip()
    natural = {nip for nip, _ in eligibility.rateable_by(rater["nip"], employees)}
    stranger = next(
        e
        for e in office.employees()
        if e["aktif"]
        and e["unit"] != rater["unit"]
        and e["nip"] not in natural
        and office.rating(KODE, e["nip"], rater["nip"]) is None
    )
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        rows_before = len(grid(app).sheet)
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press(*inactive["nip"], "enter")
        await pilot.pause()
        refusal = f"{inactive['nama']} tidak aktif, jadi tidak dapat dinilai"
        assert status(app) == refusal
        assert refusal in notifications(app)
        assert len(grid(app).sheet) == rows_before

        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*stranger["nip"], "enter")
        await pilot.pause()
        warning = f"Yuni Yuliani dari unit lain ({rater['unit']})"
        assert warning in status(app)
        assert status(app).startswith("Ditambahkan sebagai rekan")
        table = grid(app)
        assert len(table.sheet) == rows_before + 1
        row = table.current_row
        assert row is not None and row.ratee == stranger["nip"] and row.peran == "rekan"
        assert warning in screen_text(app)
        await pilot.press("5", "4", "3")
        await pilot.pause()
    rating = Office.open(office_path).rating(KODE, stranger["nip"], rater["nip"])
    assert rating is not None
    assert (rating["peran"], rating["skor"]) == (
        "rekan",
        {"disiplin": 5, "kualitas": 4, "komunikasi": 3},
    )


async def test_mode_toggle_and_next_person(office_path: Path) -> None:
    office = Office.open(office_path)
    active = [e for e in office.employees() if e["aktif"]]
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = penilaian(app)
        assert screen.person == active[0]["nip"]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.person == active[1]["nip"]
        assert f"Penilai 2/{len(active)}: {active[1]['nama']} · " in screen_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.person == active[-1]["nip"]
        await pilot.press("m")
        await pilot.pause()
        assert screen.mode == MODE_RATEE
        position = f"{len(active)}/{len(active)}"
        assert f"Dinilai {position}: {active[-1]['nama']} · " in screen_text(app)
        assert all(r.ratee == active[-1]["nip"] for r in grid(app).sheet)


async def test_another_clerks_save_appears_and_the_cursor_stays(office_path: Path) -> None:
    office = Office.open(office_path)
    rater = find(office, "Yuni Yuliani")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        table = grid(app)
        await pilot.press("down")
        await pilot.pause()
        before = table.cursor_coordinate
        target = table.sheet[0]
        other = Office.open(office_path)
        other.save_rating(KODE, target.ratee, target.rater, target.peran, {"komunikasi": 1})
        app.poll_for_changes()
        await pilot.pause()
        assert table.sheet[0].skor["komunikasi"] == 1
        assert table.cursor_coordinate == before


async def test_period_picker_and_english(office_path: Path) -> None:
    office = Office.open(office_path)
    office.create_period("2027-S1", "semester", "01-01-2027")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press(*"2027", "enter")
        await pilot.pause()
        assert penilaian(app).kode == "2027-S1"
        assert "masih draf" in status(app)
        await pilot.press("3")
        await pilot.pause()
        assert "periode 2027-S1 masih draf" in status(app)
    assert Office.open(office_path).ratings("2027-S1") == []


async def test_keystrokes_for_every_supervisor_score_of_the_demo_office(
    office_path: Path,
) -> None:
    """A clerk types every atasan form of the demo office from scratch.

    Per supervisor: open the picker, type name letters until highlighted, enter,
    then one digit per score; rows advance by themselves.
    """
    office = Office.open(office_path)
    for rating in office.ratings(KODE):
        if rating["peran"] == "atasan":
            office.delete_rating(KODE, rating["nip_dinilai"], rating["nip_penilai"])
    bosses = supervisors(office)
    employees = office.employees_by_nip()
    subordinates = {
        b["nip"]: [n for n, p in eligibility.rateable_by(b["nip"], employees) if p == "atasan"]
        for b in bosses
    }
    scores = sum(len(s) for s in subordinates.values()) * 3
    app = KinerjaApp(office, start="penilaian")
    navigation = 0
    async with app.run_test(size=(80, 24)) as pilot:
        for boss in bosses:
            navigation += await pick(pilot, app, boss["nip"], boss["nama"])
            table = grid(app)
            assert table.current_row is not None
            assert (table.current_row.peran, table.cursor_coordinate.column) == (
                "atasan",
                FIRST_CRITERION,
            )
            await pilot.press(*("4" * 3 * len(subordinates[boss["nip"]])))
        await pilot.pause()
    after = Office.open(office_path)
    stored = [r for r in after.ratings(KODE) if r["peran"] == "atasan"]
    assert sum(len(r["skor"]) for r in stored) == scores
    assert all(r["skor"] == {"disiplin": 4, "kualitas": 4, "komunikasi": 4} for r in stored)
    # 8 supervisors rate 37 people: 111 digits, plus a few keys to reach each form.
    assert (len(bosses), scores) == (8, 111)
    assert navigation <= 6 * len(bosses)
    print(f"supervisor scores: {scores} digits + {navigation} navigation keys")


def test_snapshot_80x24(office_path: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(office_path), start="penilaian")
    assert snap_compare(app, terminal_size=(80, 24), press=["4", "x"])


async def test_a_burst_of_keys_fills_consecutive_cells(office_path: Path) -> None:
    """Over SSH keys often arrive together; each digit must still land in its own cell."""
    office = Office.open(office_path)
    rater = find(office, "Yuni Yuliani")
    blank_sheet(office, rater["nip"])
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        table = grid(app)
        table.cursor_coordinate = table.cursor_coordinate._replace(row=0, column=FIRST_CRITERION)
        first, second = table.sheet[0], table.sheet[1]
        for character in "214352":
            app.post_message(events.Key(character, character))
        await pilot.pause()
        await pilot.pause()
        assert table.cursor_coordinate == (2, FIRST_CRITERION)
    again = Office.open(office_path)
    assert again.rating(KODE, *first.key)["skor"] == {  # type: ignore[index]
        "disiplin": 2,
        "kualitas": 1,
        "komunikasi": 4,
    }
    assert again.rating(KODE, *second.key)["skor"] == {  # type: ignore[index]
        "disiplin": 3,
        "kualitas": 5,
        "komunikasi": 2,
    }


@pytest.mark.parametrize(("key", "kept"), [("l", "diketik"), ("r", "tersimpan")])
async def test_a_score_changed_by_another_clerk_is_shown_and_the_clerk_chooses(
    office_path: Path, key: str, kept: str
) -> None:
    from tui.dialogs.conflict import ConflictDialog

    office = Office.open(office_path)
    rater = find(office, "Yuni Yuliani")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        table = grid(app)
        done = next(r for r in table.sheet if r.status == "lengkap")
        assert table.focus_cell(done.key, 0)
        shown = done.skor["disiplin"]
        theirs, mine = (1, 2) if shown not in (1, 2) else (4, 5)
        other = Office.open(office_path)
        other.set_score(KODE, *done.key, done.peran, "disiplin", theirs, seen={"disiplin": shown})
        await pilot.press(str(mine))
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        text = screen_text(app)
        assert str(theirs) in text and str(mine) in text
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, ConflictDialog)
    stored = Office.open(office_path).rating(KODE, *done.key)
    assert stored is not None
    assert stored["skor"]["disiplin"] == (mine if kept == "diketik" else theirs)
    note = [e for e in Office.open(office_path).store.audit() if e["aksi"] == "konflik"][-1]
    assert note["baru"] == {
        "kriteria": "disiplin",
        "tersimpan": theirs,
        "diketik": mine,
        "dipilih": kept,
    }


async def test_escape_on_a_score_conflict_writes_nothing_and_shows_the_stored_score(
    office_path: Path,
) -> None:
    from tui.dialogs.conflict import ConflictDialog

    office = Office.open(office_path)
    rater = find(office, "Yuni Yuliani")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_rater(pilot, app, rater)
        table = grid(app)
        done = next(r for r in table.sheet if r.status == "lengkap")
        assert table.focus_cell(done.key, 0)
        shown = done.skor["disiplin"]
        theirs, mine = (1, 2) if shown not in (1, 2) else (4, 5)
        other = Office.open(office_path)
        other.set_score(KODE, *done.key, done.peran, "disiplin", theirs, seen={"disiplin": shown})
        audit_before = len(Office.open(office_path).store.audit())
        await pilot.press(str(mine))
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictDialog)
        row = table.sheet[table.index_of(done.key) or 0]
        assert row.skor["disiplin"] == theirs
    again = Office.open(office_path)
    assert again.rating(KODE, *done.key)["skor"]["disiplin"] == theirs  # type: ignore[index]
    assert len(again.store.audit()) == audit_before
