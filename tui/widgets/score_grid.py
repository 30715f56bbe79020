"""The entry grid: one row per rater/ratee pair, one column per criterion.

The grid only shows a sheet and routes keys: a digit 1-5 or a clear key
goes straight to the ``on_score`` callback the screen gives it (which saves
and moves on), any other printable key that nothing is bound to becomes a
``ScoreGrid.Refused`` message.  The cell cursor never leaves the criteria
columns, so the next digit always lands on a score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from models.criteria import ROLES
from models.entry import STATUS_DRAF, STATUS_LENGKAP, SheetRow
from models.i18n import t
from models.labels import (
    criterion_label,
    criterion_short_label,
    role_label,
    sheet_status_label,
)
from tui.widgets.text import fit

ScoreHandler = Callable[[int | None], None]
"""Stores a score (None clears) for the cell under the cursor and moves on."""

EMPTY = "·"
"""Shown in a criterion cell without a score (Latin-1, so even the Linux console has it)."""
COMMENT_MARK = "*"

FIRST_CRITERION = 2
"""Column index of the first criterion (after the name and the role)."""

_NAME_MIN = 12
_NAME_PREFERRED = 22
_COMMENT_WIDTH = 4
_CRITERION_MIN = 4
_CRITERION_MAX = 14
_SCROLLBAR = 2
_CLEAR_KEYS = ("backspace", "delete")


def short_header(criterion: Mapping[str, Any], width: int) -> str:
    """A column header of at most ``width`` characters for one criterion.

    The full name when it fits, else a preset criterion's one word in the clerk's
    language ("Komunikasi", "Communication"), else the code (chosen short and
    telling), else the name's first word, else the short word or code cut with an
    ellipsis; the help line under the grid always shows the full name.
    """
    nama = criterion_label(criterion)
    if len(nama) <= width:
        return nama
    short = criterion_short_label(criterion)
    if short is not None:
        return fit(short, width)
    kode = str(criterion.get("kode") or nama).capitalize()
    if len(kode) <= width:
        return kode
    words = nama.split()
    if words and len(words[0]) <= width:
        return words[0]
    return fit(kode, width)


def _role_width() -> int:
    """Wide enough for the longest role word in the UI language, plus a space."""
    return max(len(role_label(peran)) for peran in ROLES) + 1


def _status_width() -> int:
    words = [sheet_status_label(s) for s in (STATUS_DRAF, STATUS_LENGKAP)]
    return max(len(t("penilaian.col.status")), *(len(w) for w in words)) + 1


def _center(text: str, width: int) -> str:
    """``text`` centred in ``width`` cells, any odd space going to the right."""
    pad = max(0, width - len(text))
    return " " * (pad // 2) + text + " " * (pad - pad // 2)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (with an ellipsis) and padded to exactly ``width``."""
    if width <= 0:
        return ""
    if len(text) > width:
        text = text[: max(0, width - 1)] + "…"
    return text.ljust(width)


class ScoreGrid(DataTable[Text]):
    """A DataTable of score sheets whose cell cursor stays on the criteria."""

    DEFAULT_CSS = """
    ScoreGrid {
        height: 1fr;
    }
    ScoreGrid:nocolor > .datatable--cursor {
        text-style: reverse bold;
    }
    ScoreGrid:nocolor:focus > .datatable--cursor {
        text-style: reverse bold;
    }
    """

    @dataclass
    class Refused(Message):
        """A printable key that is neither a score nor bound to an action."""

        grid: ScoreGrid
        character: str

    SCORE_KEYS: ClassVar[str] = "12345"

    def __init__(self, on_score: ScoreHandler, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", cell_padding=0, zebra_stripes=False)
        self.on_score = on_score
        """Called with 1-5 (or None to clear) while the key is being handled."""
        self.sheet: list[SheetRow] = []
        """The rows shown, in display order."""
        self.criteria: list[dict[str, Any]] = []
        self.name_header = ""
        self._widths: tuple[int, int] = (0, 0)

    # ------------------------------------------------------------ layout

    def _column_widths(self, n_criteria: int) -> tuple[int, int]:
        """(name width, criterion width) so the whole sheet fits the widget's width.

        The name column is as wide as the longest name (up to ``_NAME_PREFERRED``), so
        the criteria's headings get the room short names leave."""
        total = self.size.width or self.app.size.width or 80
        fixed = _role_width() + _status_width() + _COMMENT_WIDTH + _SCROLLBAR
        longest = max([len(self.name_header), *(len(row.nama) for row in self.sheet)]) + 2
        preferred = min(max(longest, _NAME_MIN), _NAME_PREFERRED)
        room = max(0, total - fixed - preferred)
        per = room // n_criteria if n_criteria else 0
        crit = max(_CRITERION_MIN, min(_CRITERION_MAX, per))
        name = max(_NAME_MIN, total - fixed - crit * n_criteria)
        return name, crit

    def load(
        self,
        sheet: Sequence[SheetRow],
        criteria: Sequence[Mapping[str, Any]],
        name_header: str,
        *,
        cursor: tuple[tuple[str, str], int] | None = None,
    ) -> None:
        """Show ``sheet``; ``cursor`` is (row key, criterion index) to land on if present."""
        self.sheet = list(sheet)
        self.criteria = [dict(c) for c in criteria]
        self.name_header = name_header
        self._rebuild()
        if cursor is not None:
            self.focus_cell(*cursor)

    def _rebuild(self) -> None:
        keep = self.cursor_coordinate
        self._widths = self._column_widths(len(self.criteria))
        name_w, crit_w = self._widths
        self.clear(columns=True)
        self.add_column(Text(_fit(self.name_header, name_w)), width=name_w, key="nama")
        role_w, status_w = _role_width(), _status_width()
        self.add_column(Text(_fit(t("penilaian.col.peran"), role_w)), width=role_w)
        for criterion in self.criteria:
            header = _center(short_header(criterion, crit_w - 1), crit_w)
            self.add_column(Text(header), width=crit_w, key=f"k:{criterion['kode']}")
        self.add_column(Text(_fit(t("penilaian.col.status"), status_w)), width=status_w)
        self.add_column(
            Text(_center(t("penilaian.col.comment"), _COMMENT_WIDTH)), width=_COMMENT_WIDTH
        )
        for row in self.sheet:
            self.add_row(*self._cells(row), key=f"{row.ratee}:{row.rater}")
        if self.sheet:
            self.cursor_coordinate = keep

    def _cells(self, row: SheetRow) -> list[Text]:
        name_w, crit_w = self._widths
        cells = [
            Text(_fit(row.nama, name_w - 1) + " "),
            Text(_fit(role_label(row.peran), _role_width())),
        ]
        for criterion in self.criteria:
            value = row.skor.get(criterion["kode"])
            shown = str(value) if isinstance(value, int) else EMPTY
            cells.append(Text(_center(shown, crit_w), style="bold" if value else ""))
        status = sheet_status_label(row.status)
        cells.append(
            Text(
                _fit(status, _status_width()), style="bold" if row.status == STATUS_LENGKAP else ""
            )
        )
        cells.append(Text(_center(COMMENT_MARK if row.catatan else "", _COMMENT_WIDTH)))
        return cells

    def update_row(self, index: int, row: SheetRow) -> None:
        """Replace one row in place (after a save) without rebuilding the table."""
        if not 0 <= index < len(self.sheet):
            return
        self.sheet[index] = row
        for column, cell in enumerate(self._cells(row)):
            self.update_cell_at(Coordinate(index, column), cell)

    def on_resize(self, event: events.Resize) -> None:
        if self.criteria and self._column_widths(len(self.criteria)) != self._widths:
            self._rebuild()

    # ------------------------------------------------------------ cursor

    @property
    def last_criterion(self) -> int:
        return FIRST_CRITERION + max(0, len(self.criteria) - 1)

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        row, column = super().validate_cursor_coordinate(value)
        if self.criteria:
            column = min(max(column, FIRST_CRITERION), self.last_criterion)
        return Coordinate(row, column)

    @property
    def current_row(self) -> SheetRow | None:
        index = self.cursor_coordinate.row
        return self.sheet[index] if 0 <= index < len(self.sheet) else None

    @property
    def current_criterion(self) -> dict[str, Any] | None:
        index = self.cursor_coordinate.column - FIRST_CRITERION
        return self.criteria[index] if 0 <= index < len(self.criteria) else None

    @property
    def cursor_position(self) -> tuple[tuple[str, str], int] | None:
        """(row key, criterion index) of the cursor, to restore it after a reload."""
        row = self.current_row
        if row is None:
            return None
        return row.key, self.cursor_coordinate.column - FIRST_CRITERION

    def index_of(self, key: tuple[str, str]) -> int | None:
        for index, row in enumerate(self.sheet):
            if row.key == key:
                return index
        return None

    def focus_cell(self, key: tuple[str, str], criterion: int) -> bool:
        """Put the cursor on row ``key`` at criterion index ``criterion``; False if absent."""
        index = self.index_of(key)
        if index is None:
            return False
        self.cursor_coordinate = Coordinate(index, FIRST_CRITERION + max(0, criterion))
        return True

    def move_after_score(self) -> bool:
        """Where the next digit goes after a score was stored in the cursor's cell.

        In a row still missing a score: its next empty cell (after the cursor,
        wrapping within the row).  In a row now complete: the first empty cell
        of the next row that still has one (wrapping to the top), so a digit is
        never typed into a complete rating by itself.  False when every row is
        complete (the cursor stays).
        """
        row_index, column = self.cursor_coordinate
        kodes = [str(c["kode"]) for c in self.criteria]
        if not kodes or not self.sheet:
            return False
        here = column - FIRST_CRITERION
        row = self.sheet[row_index]
        gaps = [i for i, kode in enumerate(kodes) if kode not in row.skor]
        if gaps:
            after = [i for i in gaps if i > here] or gaps
            self.cursor_coordinate = Coordinate(row_index, FIRST_CRITERION + after[0])
            return True
        count = len(self.sheet)
        for step in range(1, count + 1):
            index = (row_index + step) % count
            other = self.sheet[index]
            missing = [i for i, kode in enumerate(kodes) if kode not in other.skor]
            if missing:
                self.cursor_coordinate = Coordinate(index, FIRST_CRITERION + missing[0])
                return True
        return False

    def advance(self) -> bool:
        """Move to the next criterion, wrapping to the next row; False at the very end."""
        row, column = self.cursor_coordinate
        if column < self.last_criterion:
            self.cursor_coordinate = Coordinate(row, column + 1)
            return True
        if row + 1 < len(self.sheet):
            self.cursor_coordinate = Coordinate(row + 1, FIRST_CRITERION)
            return True
        return False

    # ------------------------------------------------------------ keys

    def on_key(self, event: events.Key) -> None:
        """Digits 1-5 and the clear keys are scores; other free printable keys get a hint.

        A score is stored and the cursor moved before this handler returns, so
        keys that arrive in one burst (typical over SSH) never pile onto the
        same cell: the next key is only read once this one is done.
        """
        if event.character and event.character in self.SCORE_KEYS:
            event.stop()
            event.prevent_default()
            self.on_score(int(event.character))
            return
        if event.key in _CLEAR_KEYS:
            event.stop()
            event.prevent_default()
            self.on_score(None)
            return
        if event.is_printable and event.character and event.key not in self.screen.active_bindings:
            event.stop()
            event.prevent_default()
            self.post_message(self.Refused(self, event.character))
