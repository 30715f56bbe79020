"""A DataTable for thousands of rows whose columns all have a fixed width."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class FixedWidthTable(DataTable[Any]):
    """Skips measuring every new cell when no column sizes itself to its content.

    Measuring is what makes a refill of thousands of rows (or every keystroke of
    a filter) slow, and its result would be thrown away: the screens cut each
    cell to its column's width themselves.  Falls back to Textual's own
    measurement when a column is auto-sized or a row has a label.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if self._labelled_row_exists or any(c.auto_width for c in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)
