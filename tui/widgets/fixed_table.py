"""A DataTable for thousands of rows whose columns all have a fixed width."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual._types import SegmentLines
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class FixedWidthTable(DataTable[Any]):
    """A DataTable that skips work its screens make unnecessary.

    The screens cut every cell to its column's width themselves, so measuring
    each new cell (what makes a refill of thousands of rows, or every keystroke
    of a filter, slow) is skipped, and a one-line text cell is drawn directly
    from its text instead of through Rich's general layout.  Anything else (an
    auto-sized column, a row label, a cell with several lines or too wide for
    its column) falls back to Textual's own code, which gives the same result.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self._labelled_row_exists or any(c.auto_width for c in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        if row_index < self.fixed_rows or column_index < self.fixed_columns:
            # Header, row label and fixed cells: Textual's way (also catches -1).
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        padding = self.cell_padding
        room = width - 2 * padding
        row = self.rows.get(row_key)
        if (
            row is None
            or row.height != 1
            or not isinstance(cell, Text)
            or cell.justify not in (None, "default")
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        plain = cell.plain
        used = cell.cell_len
        if used > room or "\n" in plain or "\t" in plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        console = self.app.console
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
