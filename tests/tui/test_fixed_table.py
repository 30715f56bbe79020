"""FixedWidthTable draws cells exactly as Textual's DataTable would, only faster."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.widgets.fixed_table import FixedWidthTable

CELLS = [
    Text("Ade Saepu"),
    Text("nonaktif", style="dim"),
    Text.assemble(("85,40", "bold"), " ", ("Baik", "italic")),
    Text(""),
    Text("full width"),
    Text("far too long for its column"),
    Text("85,40", justify="right"),
    Text("two\nlines"),
    Text("tab\there"),
    "plain",
]
WIDTH = 10


class TableApp(App[None]):
    def __init__(self, padding: int) -> None:
        super().__init__()
        self.padding = padding

    def compose(self) -> ComposeResult:
        yield FixedWidthTable(cell_padding=self.padding, zebra_stripes=True)


async def _compare(padding: int, cursor_type: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Render every cell both ways; return how many cells took the fast path."""
    textual_render = DataTable._render_cell
    fallbacks: set[tuple[int, int]] = set()

    def counted(table: DataTable[object], row: int, column: int, *args: object) -> object:
        fallbacks.add((row, column))
        return textual_render(table, row, column, *args)  # type: ignore[arg-type]

    app = TableApp(padding)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FixedWidthTable)
        table.cursor_type = cursor_type  # type: ignore[assignment]
        for index in range(len(CELLS)):
            table.add_column(f"c{index}", width=WIDTH)
        table.add_row(*CELLS)
        table.add_row(*reversed(CELLS))
        await pilot.pause()
        for row in (-1, 0, 1):  # the header too
            base = table._get_row_style(row, table.rich_style)
            for column in range(len(CELLS)):
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    monkeypatch.setattr(DataTable, "_render_cell", counted)
                    ours = table._render_cell(row, column, base, WIDTH, cursor, hover)
                    monkeypatch.setattr(DataTable, "_render_cell", textual_render)
                    table._cell_render_cache.clear()
                    textual = textual_render(table, row, column, base, WIDTH, cursor, hover)
                    assert ours == textual, (row, column, cursor, hover)
    assert not [cell for cell in fallbacks if cell[0] == -1]  # short labels: all fast
    return 2 * len(CELLS) - len(fallbacks)


async def test_cells_match_textual_without_padding(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fast: every one-line, left-aligned text that fits its 10 cells (8 of 10 per row:
    # the line break and the tab are shown as spaces, see the last test).
    assert await _compare(0, "row", monkeypatch) == 2 * 8


async def test_cells_match_textual_with_padding(monkeypatch: pytest.MonkeyPatch) -> None:
    # With a cell of padding on each side only 8 cells are left: 4 of 10 per row fit.
    assert await _compare(1, "cell", monkeypatch) == 2 * 4


class RowsApp(App[None]):
    def __init__(self, zebra: bool, cursor_type: str) -> None:
        super().__init__()
        self.zebra = zebra
        self.cursor_type = cursor_type

    def compose(self) -> ComposeResult:
        yield FixedWidthTable(
            cell_padding=0,
            zebra_stripes=self.zebra,
            cursor_type=self.cursor_type,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    ("zebra", "cursor_type"), [(True, "row"), (False, "cell"), (True, "none"), (True, "column")]
)
async def test_rows_match_textual(zebra: bool, cursor_type: str) -> None:
    app = RowsApp(zebra, cursor_type)
    async with app.run_test(size=(90, 24)) as pilot:
        table = app.query_one(FixedWidthTable)
        for index in range(4):
            table.add_column(f"c{index}", width=WIDTH)
        for row in range(5):
            table.add_row(*(Text(f"r{row}c{c}", style="dim" if row == 3 else "") for c in range(4)))
        table.move_cursor(row=2, column=1)
        await pilot.pause()
        base = table.rich_style
        keys = [table._header_row_key, *table.rows]
        for painting in (None, {}):
            for key in keys:
                for cursor in (Coordinate(2, 1), Coordinate(0, 0)):
                    for hover in (Coordinate(-1, -1), Coordinate(1, 2)):
                        table._painting = painting
                        table._row_render_cache.clear()
                        table._cell_render_cache.clear()
                        ours = table._render_line_in_row(key, 0, base, cursor, hover)
                        table._painting = None
                        table._row_render_cache.clear()
                        table._cell_render_cache.clear()
                        textual = DataTable._render_line_in_row(table, key, 0, base, cursor, hover)
                        assert ours == textual, (key, cursor, hover)


async def test_stored_control_characters_are_shown_never_sent() -> None:
    """An OSC sequence in a stored name must not retitle or clear the clerk's terminal."""
    app = TableApp(1)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FixedWidthTable)
        table.add_column("Nama\x1b[2J", width=24)
        table.add_column("Catatan", width=24)
        row = table.add_row(
            "Dewi\x1b]0;judul\x07", Text.assemble(("Baik", "bold"), " \u202esekali\x00")
        )
        column = list(table.columns)[1]
        table.update_cell(row, column, "lagi\x1b[31m")
        await pilot.pause()
        assert table.get_row(row)[0] == "Dewi\ufffd]0;judul\ufffd"
        shown = table.get_row(row)[1]
        assert shown == "lagi\ufffd[31m"
        table.update_cell(row, column, Text.assemble(("Baik", "bold"), " \u202esekali"))
        cell = table.get_row(row)[1]
        assert isinstance(cell, Text) and cell.plain == "Baik \ufffdsekali"
        assert cell.spans[0].end == 4
        painted = "".join(
            segment.text for strip in table.render_lines(table.region) for segment in strip
        )
        assert "\x1b" not in painted and "\u202e" not in painted and "\x07" not in painted
        assert "Nama\ufffd[2J" in painted


class TwoTables(App[None]):
    def compose(self) -> ComposeResult:
        yield FixedWidthTable(id="ours")
        yield DataTable(id="theirs")


async def test_rows_added_in_chunks_are_ordered_and_placed_as_textual_does() -> None:
    """The row order and line offsets kept as rows are added match DataTable's own lists,
    through chunks, a row of two lines, a removal, a sort and a clear."""
    app = TwoTables()
    async with app.run_test():
        ours = app.query_one("#ours", FixedWidthTable)
        theirs = app.query_one("#theirs", DataTable)
        _fill_both(ours, theirs)


def _fill_both(ours: FixedWidthTable, theirs: DataTable[Any]) -> None:

    def same() -> None:
        assert [r.key for r in ours.ordered_rows] == [r.key for r in theirs.ordered_rows]
        assert ours._y_offsets == theirs._y_offsets
        assert ours._total_row_height == theirs._total_row_height

    for table in (ours, theirs):
        table.add_columns("a", "b")
    for chunk in (range(0, 3), range(3, 40), range(40, 41)):
        for n in chunk:
            for table in (ours, theirs):
                table.add_row(str(n), str(-n), key=str(n), height=2 if n == 5 else 1)
        same()
    for table in (ours, theirs):
        table.remove_row("7")
        table.add_row("x", "y", key="x")
    same()
    for table in (ours, theirs):
        table.sort(key=lambda row: row[1])
    same()
    for table in (ours, theirs):
        table.clear()
        table.add_row("z", "z", key="z")
    same()
