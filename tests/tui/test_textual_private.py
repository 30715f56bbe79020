"""The private parts of Textual that Kinerja relies on still exist on the installed Textual.

Everything private is used through ``tui.textual_private``; a Textual upgrade that
renames or reshapes one of them fails here, by name, instead of somewhere in a screen.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.binding import BindingsMap
from textual.widgets import DataTable

from tui import textual_private
from tui.app import KinerjaApp

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", textual_private.APP_INTERNALS)
async def test_app_internals_exist(name: str) -> None:
    app = App[None]()
    async with app.run_test():
        assert hasattr(app, name), f"textual.app.App no longer has {name}"


def test_app_internals_have_the_shapes_used() -> None:
    app = App[None]()
    assert isinstance(app._bindings, BindingsMap)
    assert isinstance(app._bindings.key_to_bindings, dict)
    assert list(inspect.signature(BindingsMap.bind).parameters)[:5] == [
        "self",
        "keys",
        "action",
        "description",
        "show",
    ]
    assert isinstance(app._screen_stacks, dict)
    assert isinstance(app._exit_renderables, list)
    assert list(inspect.signature(App._fatal_error).parameters) == ["self"]
    assert list(inspect.signature(App._close_messages_no_wait).parameters) == ["self"]
    # KinerjaApp overrides the private crash handler; it must still be the one Textual calls.
    assert KinerjaApp._fatal_error is not App._fatal_error


@pytest.mark.parametrize("name", textual_private.DATATABLE_INTERNALS)
def test_datatable_internals_exist(name: str) -> None:
    table: DataTable[str] = DataTable()
    assert hasattr(table, name), f"textual.widgets.DataTable no longer has {name}"


def test_datatable_overridden_methods_keep_their_parameters() -> None:
    expected = {
        "_get_row_style": ["self", "row_index", "base_style"],
        "_render_line_in_row": [
            "self",
            "row_key",
            "line_no",
            "base_style",
            "cursor_location",
            "hover_location",
        ],
    }
    for name, parameters in expected.items():
        assert list(inspect.signature(getattr(DataTable, name)).parameters) == parameters, name


def test_no_private_textual_attribute_outside_the_one_module() -> None:
    """Private attributes of Textual objects appear only in textual_private and fixed_table."""
    names = set(textual_private.APP_INTERNALS) - {"_fatal_error"}
    allowed = {ROOT / "tui" / "textual_private.py", ROOT / "tui" / "widgets" / "fixed_table.py"}
    offenders = []
    for path in (ROOT / "tui").rglob("*.py"):
        if path in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {name}" for name in names if re.search(rf"\.{name}\b", text)]
        if "textual._" in text:
            offenders.append(f"{path.name}: textual._")
    assert offenders == []


@pytest.mark.parametrize("name", textual_private.SCREEN_INTERNALS)
async def test_screen_internals_exist(name: str) -> None:
    app = App[None]()
    async with app.run_test():
        assert hasattr(app.screen, name), f"textual.screen.Screen no longer has {name}"


async def test_the_test_helpers_read_the_screen_and_the_notifications() -> None:
    app = App[None]()
    async with app.run_test(size=(40, 5)) as pilot:
        app.notify("tersimpan")
        await pilot.pause()
        assert textual_private.notification_messages(app) == ["tersimpan"]
        assert len(textual_private.rendered_text(app.screen).splitlines()) == 5


@pytest.mark.parametrize("name", textual_private.COMMAND_PALETTE_INTERNALS)
def test_command_palette_internals_exist(name: str) -> None:
    from textual.command import CommandPalette

    assert hasattr(CommandPalette, name) or name in CommandPalette.__init__.__code__.co_names, name


def test_strip_internals_exist_and_control_characters_are_dropped_when_drawn() -> None:
    from rich.console import Console
    from rich.segment import Segment
    from textual.strip import Strip

    strip = Strip([Segment("Kantor\x1b]2;X\x07 \u202eY")])
    for name in textual_private.STRIP_INTERNALS:
        assert hasattr(strip, name), f"textual.strip.Strip no longer has {name}"
    assert list(inspect.signature(Strip.render).parameters) == ["self", "console"]
    textual_private.draw_text_safely()
    rendered = strip.render(Console())
    assert "\x1b]" not in rendered and "\u202e" not in rendered
    assert "Kantor]2;X Y" in rendered


@pytest.mark.parametrize("name", textual_private.DISPLAY_INTERNALS)
async def test_display_internals_exist(name: str) -> None:
    app = App[None]()
    async with app.run_test():
        assert hasattr(app, name), f"textual.app.App no longer has {name}"


def test_the_screen_updates_and_the_writer_have_the_shapes_used() -> None:
    """``ChangesOnly`` reads Textual's two kinds of screen update and its writer thread."""
    import io

    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.drivers._writer_thread import WriterThread

    assert list(inspect.signature(App._display).parameters) == ["self", "screen", "renderable"]
    assert list(inspect.signature(LayoutUpdate).parameters) == ["strips", "region"]
    assert list(inspect.signature(ChopsUpdate).parameters) == ["chops", "spans", "chop_ends"]
    writer = WriterThread(io.StringIO())
    assert writer._queue.qsize() == 0
    assert isinstance(writer._file, io.StringIO)
