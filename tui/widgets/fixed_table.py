"""A DataTable for thousands of rows whose columns all have a fixed width."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual._two_way_dict import TwoWayDict
from textual._types import SegmentLines
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, Row, RowKey

from models.text import printable


class FixedWidthTable(DataTable[Any]):
    """A DataTable that skips work its screens make unnecessary.

    The screens cut every cell to its column's width themselves, so measuring
    each new cell (what makes a refill of thousands of rows, or every keystroke
    of a filter, slow) is skipped, and a one-line text cell (header included)
    is drawn directly from its text instead of through Rich's general layout.
    Anything else (an auto-sized column, a row label, a fixed column, a cell
    with several lines or too wide for its column) falls back to Textual's own
    code; tests require both ways to give the same segments.
    """

    _painting: dict[Any, Any] | None = None
    """Styles worked out once per paint (they cannot change during one), or None between paints."""
    _ordered: list[Row]
    """The rows in display order so far; rows are only ever added at the end (or all cleared)."""
    _offsets: list[tuple[RowKey, int]]
    """(row, line within it) for each line of the first ``_offset_rows`` of ``_ordered``."""
    _offset_rows = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._ordered = []
        self._offsets = []
        super().__init__(*args, **kwargs)

    # Cells hold stored text (names, units, comments): control characters in
    # it are shown as U+FFFD, never sent to the terminal (models/text.py).

    def add_column(self, label: Any, *args: Any, **kwargs: Any) -> ColumnKey:
        return super().add_column(_shown(label), *args, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> RowKey:
        return super().add_row(*map(_shown, cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _shown(value), **kwargs)

    def clear(self, columns: bool = False) -> FixedWidthTable:
        # Textual's clear lists every row's line offsets only to empty the list: with
        # thousands of rows that was most of a filter keystroke.  Forget the rows first.
        self.rows.clear()
        self._row_locations = TwoWayDict({})
        self._forget_order()
        super().clear(columns)
        return self

    def sort(self, *args: Any, **kwargs: Any) -> FixedWidthTable:
        super().sort(*args, **kwargs)
        self._forget_order()
        return self

    def remove_row(self, row_key: Any) -> None:
        super().remove_row(row_key)
        self._forget_order()

    def _forget_order(self) -> None:
        self._ordered = []
        self._offsets = []
        self._offset_rows = 0

    @property
    def ordered_rows(self) -> list[Row]:
        """Textual rebuilds this list of every row at each paint after a row was added (and a
        large list adds rows in chunks): here it is only extended with the new rows."""
        ordered = self._ordered
        count = len(self.rows)
        if len(ordered) != count:
            if len(ordered) > count:
                self._forget_order()
                ordered = self._ordered
            rows, key_at = self.rows, self._row_locations.get_key
            for index in range(len(ordered), count):
                key = key_at(index)
                assert key is not None
                ordered.append(rows[key])
        return ordered

    @property
    def _y_offsets(self) -> list[tuple[RowKey, int]]:
        ordered = self.ordered_rows
        offsets = self._offsets
        for row in ordered[self._offset_rows :]:
            offsets.extend((row.key, line) for line in range(row.height))
        self._offset_rows = len(ordered)
        return offsets

    @property
    def _total_row_height(self) -> int:
        return len(self._y_offsets)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._painting = {}
        try:
            return super().render_lines(crop)
        finally:
            self._painting = None

    def _memo(self, key: Any, compute: Any) -> Any:
        painting = self._painting
        if painting is None:
            return compute()
        if key not in painting:
            painting[key] = compute()
        return painting[key]

    @property
    def rich_style(self) -> Style:
        style: Style = self._memo("rich_style", lambda: DataTable.rich_style.fget(self))  # type: ignore[attr-defined]
        return style

    @property
    def background_colors(self) -> tuple[Color, Color]:
        colors: tuple[Color, Color] = self._memo(
            "background_colors",
            lambda: DataTable.background_colors.fget(self),  # type: ignore[attr-defined]
        )
        return colors

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        # Only the header, fixed rows and the zebra parity make rows differ.
        kind = row_index if row_index < self.fixed_rows else row_index % 2
        style: Style = self._memo(
            ("row_style", kind, base_style),
            lambda: super(FixedWidthTable, self)._get_row_style(row_index, base_style),
        )
        return style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        """Textual's row rendering for tables without row labels or fixed columns.

        The same steps as DataTable's, minus the header style it works out for
        every row but uses only for labels and fixed columns.
        """
        if (self._labelled_row_exists and self.show_row_labels) or self.fixed_columns:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor_type = self.cursor_type
        show_cursor = self.show_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        should_highlight = self._should_highlight
        located = self._row_locations.get(row_key)
        row_index = -1 if located is None else located
        row_style = self._get_row_style(row_index, base_style)
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        scrollable_row: SegmentLines = []
        for column_index, width in enumerate(widths):
            cell_location = Coordinate(row_index, column_index)
            lines = self._render_cell(
                row_index,
                column_index,
                row_style,
                width,
                cursor=should_highlight(cursor_location, cell_location, cursor_type),
                hover=should_highlight(hover_location, cell_location, cursor_type),
            )
            scrollable_row.append(lines[line_no])
        remaining_space = max(0, self.size.width - sum(widths) - self._row_label_column_width)
        if cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                row_index == -1,
                False,
                False,
                should_highlight(hover_location, Coordinate(row_index or 0, 0), cursor_type),
                row_index == cursor_location.row,
                show_cursor,
                self._show_hover_cursor,
                False,
                False,
            )
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            faded_color = Color.from_rich_color(row_style.bgcolor).blend(
                self.background_colors[1], factor=0.25
            )
            extend_style = Style.from_color(color=row_style.color, bgcolor=faded_color.rich_color)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        row_pair: tuple[SegmentLines, SegmentLines] = ([], scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self._labelled_row_exists or any(c.auto_width for c in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def _cell_settings(self) -> tuple[Any, ...]:
        """The table settings every cell reads (reactive, so slow to read 100 times a paint)."""

        def read() -> tuple[Any, ...]:
            return (
                self.fixed_rows,
                self.fixed_columns,
                self.cell_padding,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
                self.app.console,
            )

        settings: tuple[Any, ...] = self._memo("cell_settings", read)
        return settings

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        (
            fixed_rows,
            fixed_columns,
            padding,
            show_cursor,
            show_hover_cursor,
            foreground_css,
            background_css,
            console,
        ) = self._cell_settings()
        header = row_index == -1
        if (row_index < fixed_rows and not header) or column_index < fixed_columns:
            # Row labels and fixed cells: Textual's way.
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        room = width - 2 * padding
        row = None if header else self.rows.get(row_key)
        height = self.header_height if row is None else row.height
        if row is None and not header:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if height != 1 or not isinstance(cell, Text) or cell.justify not in (None, "default"):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        plain = cell.plain
        used = cell.cell_len
        if used > room or "\n" in plain or "\t" in plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            header,
            False,
            False,
            hover,
            cursor,
            show_cursor,
            show_hover_cursor,
            foreground_css,
            background_css,
        )
        # The segments Rich would give: padding, the text, filler, padding.
        segments: list[Segment] = []
        if padding:
            segments.append(Segment(" " * padding))
        if cell.style:
            # Rich lays a text's own style out as a span under its others.
            cell = Text(plain, spans=[Span(0, len(plain), cell.style), *cell.spans])
        segments.extend(cell.render(console, end=""))
        if room > used:
            segments.append(Segment(" " * (room - used)))
        if padding:
            segments.append(Segment(" " * padding))
        # Layered as Textual does (base, component, the text's own, post), with the
        # cell's row and column added last: those differ for every cell, so Rich's
        # cache of combined styles serves every other step.
        style = base_style + component_style
        post = console.get_style(post_style)
        where = Style.from_meta({"row": row_index, "column": column_index})
        line = [Segment(text, style + own + post + where) for text, own, _ in segments]
        lines = [line]
        self._cell_render_cache[cache_key] = lines
        return lines


def _shown(cell: Any) -> Any:
    """A cell with its control characters made visible; other values unchanged."""
    if isinstance(cell, Text):
        plain = cell.plain
        if plain.isprintable():  # nearly always: checked here, without a call
            return cell
        cell = cell.copy()
        cell.plain = printable(plain)  # one character for one: the spans stay in place
        return cell
    if isinstance(cell, str) and not cell.isprintable():
        return printable(cell)
    return cell
