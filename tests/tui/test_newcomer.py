"""What a new clerk trips over: Textual's own words, keys shown as typed, the table a key
acts on, text that fits 80 columns, and notifications that cover little of the screen."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from models import workshops
from models.i18n import set_language
from models.office import Office
from tests.tui import tour
from tui.app import KinerjaApp
from tui.dialogs.confirm import Confirm
from tui.dialogs.conflict import side_by_side
from tui.dialogs.picker import Picker
from tui.dialogs.prompt import Prompt
from tui.screens.navigation import KeyHelp
from tui.screens.pegawai import column_widths
from tui.screens.pelatihan import PelatihanScreen, clock
from tui.screens.riwayat import nilai_bar, score_diff
from tui.textual_private import notification_messages, rendered_text


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(clock, "now", lambda: tour.TODAY)
    yield


def _text(app: KinerjaApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def test_ctrl_c_says_how_to_quit_in_the_clerks_language(office: Office) -> None:
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert notification_messages(app) == [
            "ctrl+c tidak menutup Kinerja. Untuk keluar tekan ctrl+q."
        ]
        assert app.is_running
        toast = app.screen.query_one("Toast")
        # One line of text, one line of screen (Textual's default took four).
        assert toast.region.height == 1


async def test_the_command_palette_says_no_match_in_the_clerks_language(office: Office) -> None:
    set_language("en")
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"zzqx")
        await pilot.pause(0.8)
        shown = rendered_text(app.screen)
        assert "No matching command" in shown and "No matches found" not in shown


async def test_key_help_shows_square_brackets_as_keys(office: Office) -> None:
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, KeyHelp)
        keys = _text(app, "#help-keys").splitlines()
        assert "  [            Orang sebelumnya" in keys
        assert "  ]            Orang berikutnya" in keys
        assert not any("[/b]" in line for line in keys)


async def test_in_english_the_attendance_letters_are_english_and_typed(office: Office) -> None:
    set_language("en")
    ws = next(w for w in office.workshops() if w["judul"].startswith("E-Learning"))
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "t")
        screen = app.screen
        assert isinstance(screen, PelatihanScreen)
        table = screen.query_one("#pl-table", DataTable)
        table.move_cursor(row=next(i for i, w in enumerate(screen.items) if w["id"] == ws["id"]))
        await pilot.press("enter", "h")
        await pilot.pause()
        first = ws["peserta"][0]
        grid = screen.query_one("#pl-grid", DataTable)
        column = grid.cursor_coordinate.column  # the latest session that has started
        await pilot.press("h")  # the Indonesian key does nothing in English
        await pilot.press("p")
        await pilot.pause()
        stored = workshops.workshop(office, ws["id"])
        no = str(ws["sesi"][column - 1]["no"])
        assert stored["kehadiran"][no][first] == "hadir"
        assert "p Present" in rendered_text(app.screen)
        assert str(grid.get_cell_at(grid.cursor_coordinate.__class__(0, column))).strip() == "P"


async def test_workshop_keys_in_the_list_say_where_they_work(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Enter membuka pelatihan" in rendered_text(app.screen)
        await pilot.press("k")
        await pilot.pause()
        assert notification_messages(app) == [
            "Tombol k bekerja di dalam satu pelatihan: pilih pelatihannya, tekan Enter, lalu k."
        ]
        assert not isinstance(app.screen, Confirm)


async def test_withdraw_acts_only_on_the_table_with_the_focus(office: Office) -> None:
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PelatihanScreen)
        peserta = screen.query_one("#pl-peserta", DataTable)
        sesi = screen.query_one("#pl-sesi", DataTable)
        assert app.focused is peserta
        assert _text(app, "#pl-peserta-title").startswith("▶ PESERTA")
        assert peserta.show_cursor and not sesi.show_cursor
        await pilot.press("shift+tab")
        assert app.focused is sesi
        assert _text(app, "#pl-sesi-title").startswith("▶ SESI")
        assert _text(app, "#pl-peserta-title").startswith("  Peserta")
        assert sesi.show_cursor and not peserta.show_cursor
        # k from the sessions withdraws nobody: the focus goes to the people first.
        await pilot.press("k")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
        assert app.focused is peserta
        assert "k dan w bekerja di tabel Peserta" in notification_messages(app)[-1]
        await pilot.press("down", "k")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        second = screen.current["peserta"][1] if screen.current else ""
        assert office.employee(second)["nama"] in app.screen.message


async def test_a_long_import_report_keeps_its_verdict_in_sight_and_scrolls(
    office_path: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = tour.prepare(tmp_path / "p")
    monkeypatch.chdir(files.office.parent)
    app = KinerjaApp(Office.open(files.office), start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", *files.bad_csv.name, "enter")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        shown = rendered_text(app.screen)
        assert "tidak ada yang disimpan: 9 baris bermasalah" in shown
        box = app.screen.query_one("#prompt-report-box", VerticalScroll)
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert box.scroll_y == 0


async def test_pickers_shorten_unit_names_from_the_front(office: Office) -> None:
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, Picker)
        shown = rendered_text(app.screen)
        assert "Ketenteraman dan…" in shown and "Seksi Ketenteram…" not in shown


async def test_scoring_headers_name_the_criteria_in_english(office: Office) -> None:
    set_language("en")
    app = KinerjaApp(office, start="penilaian")
    async with app.run_test(size=(80, 24)):
        header = rendered_text(app.screen).splitlines()[3]
        assert "Discipline" in header and "Quality" in header and "Communicat" in header
        assert "Kemampuan" not in header and "Disiplin" not in header


def test_pegawai_keeps_the_most_useful_columns_and_sizes_them_by_content() -> None:
    natural = {"nama": 30, "jabatan": 35, "unit": 33, "atasan": 30}
    narrow = column_widths(79, natural)
    assert list(narrow) == ["nip", "nama", "golongan", "unit", "status"]
    assert sum(narrow.values()) == 79 and narrow["nama"] >= 20 and narrow["unit"] >= 16
    wide = column_widths(180, natural)
    assert list(wide) == ["nip", "nama", "jabatan", "golongan", "unit", "atasan", "status"]
    assert wide["jabatan"] == 36 and wide["unit"] == 34 and wide["atasan"] == 31
    assert wide["nama"] == 180 - 36 - 36 - 34 - 31  # the room to spare goes to the names
    middle = column_widths(119, natural)
    assert list(middle) == ["nip", "nama", "jabatan", "golongan", "unit", "atasan", "status"]
    assert sum(middle.values()) == 119
    short = column_widths(99, {"nama": 12, "jabatan": 10, "unit": 8, "atasan": 12})
    assert short["unit"] == 16 and short["jabatan"] == 16  # never below the minimum


def test_conflict_values_go_on_over_lines_in_their_own_column() -> None:
    lines = side_by_side(
        ("Jabatan", "Operator Layanan Operasional Kecamatan", "Kepala Seksi Ketenteraman")
    ).splitlines()
    assert lines[0] == "Jabatan          Operator Layanan           Kepala Seksi Ketenteraman"
    assert lines[1].rstrip() == " " * 17 + "Operasional Kecamatan"


def test_audit_lines_say_what_changed_in_words() -> None:
    labels = {"komunikasi": "Kemampuan Berkomunikasi", "disiplin": "Disiplin"}
    before = {"disiplin": 4}
    after = {"disiplin": 5, "komunikasi": 3}
    assert score_diff(before, after, labels) == (
        "Disiplin: 4 → 5; Kemampuan Berkomunikasi: kosong → 3"
    )
    assert score_diff(None, after, labels) == "Disiplin 5, Kemampuan Berkomunikasi 3"
    assert score_diff(after, after, labels) == ""
    set_language("en")
    assert score_diff({"disiplin": 4}, {}, {}) == "disiplin: 4 → empty"


def test_the_history_chart_has_room_beside_two_rank_columns() -> None:
    assert nilai_bar(Decimal("100")) == "█" * 10
    assert nilai_bar(Decimal("45")) == "████▌"
