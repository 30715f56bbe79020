"""The official evaluation's grid: one row per employee, the two ratings typed one key each.

Columns: name, unit, the 360 nilai, the perilaku it suggests, hasil kerja,
perilaku kerja, a ``!`` where perilaku differs from the suggestion without a
reason, and the predikat kinerja.  Grouped (the calibration view), the rows are
ordered by predikat and the predikat comes first, named on the first row of its
group.  The cell cursor never leaves the two rating columns, so the next rating
key always lands on a rating.  The screen saves; the grid only shows and moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate

from models.dates import format_decimal
from models.evaluation import PREDIKAT, RATINGS
from models.evaluations import EvaluationLine
from models.i18n import get_language, t
from models.labels import evaluation_rating_label, official_predikat_label
from tui.textual_private import localise_bindings
from tui.widgets.fixed_table import FixedWidthTable
from tui.widgets.text import fit, fit_unit

FIELDS: Final = ("hasil", "perilaku")
"""The two rating columns, as ``EvaluationLine`` names them."""

EMPTY: Final = "·"
"""A rating not given yet (Latin-1, so the Linux console has it)."""
MISSING_REASON: Final = "!"

_NAME_MIN = 12
_NAME_MAX = 32
_UNIT_MIN = 10
_UNIT_MAX = 28
_NILAI = 6
_MARK = 1
_SCROLLBAR = 1


@lru_cache(maxsize=4096)
def _nilai(value: object, lang: str) -> str:
    return format_decimal(str(value), lang)


def _rating(code: str | None) -> str:
    return evaluation_rating_label(code, short=True) if code else EMPTY


def _label_width(header: str, labels: Sequence[str]) -> int:
    """A leading space, then the longest of the header and the labels."""
    return 1 + max(len(header), *(len(label) for label in labels))


def group_of(line: EvaluationLine) -> int:
    """Where a line's predikat comes in the grouped view (unrated last)."""
    return PREDIKAT.index(line.predikat) if line.predikat else len(PREDIKAT)


def rating_bindings() -> list[Binding]:
    """One key per rating, run by the screen (``action_rate``); the letters follow the
    language through the app's keymap (``models.labels.evaluation_rating_key``)."""
    defaults = {"di_atas": "a", "sesuai": "s", "di_bawah": "b"}
    return [
        Binding(
            defaults[code],
            f"screen.rate('{code}')",
            f"evaluasi.key.{code}",
            id=f"evaluasi.rate.{code}",
        )
        for code in RATINGS
    ]


class EvaluationGrid(FixedWidthTable):
    """A row per employee; the cursor is a cell on hasil or perilaku kerja.

    The rating keys are bound here, so the key bar lists them first; their
    action (``rate``) belongs to the screen, which saves.
    """

    BINDINGS = [*rating_bindings()]

    DEFAULT_CSS = """
    EvaluationGrid {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    EvaluationGrid:nocolor > .datatable--cursor {
        text-style: reverse bold;
    }
    EvaluationGrid:nocolor:focus > .datatable--cursor {
        text-style: reverse bold;
    }
    """

    def __init__(self, *, grouped: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", cell_padding=0, zebra_stripes=False)
        localise_bindings(self)
        self.grouped = grouped
        self.lines: list[EvaluationLine] = []
        """The rows shown, in display order."""
        self._rows: dict[str, int] = {}
        self._widths: dict[str, int] = {}
        self._columns: list[str] = []

    # ------------------------------------------------------------ layout

    def _headers(self) -> dict[str, str]:
        return {
            key: t(f"evaluasi.col.{key}")
            for key in ("nama", "unit", "nilai", "saran", "hasil", "perilaku", "predikat")
        }

    def _column_widths(self) -> dict[str, int]:
        """Every column's width; the name and the unit share what the others leave."""
        headers = self._headers()
        ratings = [evaluation_rating_label(code, short=True) for code in RATINGS]
        predikat = [official_predikat_label(code) for code in PREDIKAT]
        widths = {
            "nilai": _NILAI,
            "saran": _label_width(headers["saran"], ratings),
            "hasil": _label_width(headers["hasil"], ratings),
            "perilaku": _label_width(headers["perilaku"], ratings),
            "mark": _MARK,
            "predikat": _label_width(headers["predikat"], predikat),
        }
        total = (self.size.width or self.app.size.width or 80) - _SCROLLBAR
        room = total - sum(widths.values())
        longest = max([len(headers["nama"]), *(len(line.nama) for line in self.lines)]) + 1
        name = max(_NAME_MIN, min(_NAME_MAX, longest, room - _UNIT_MIN))
        widths["unit"] = max(_UNIT_MIN, min(_UNIT_MAX, room - name))
        widths["nama"] = max(_NAME_MIN, room - widths["unit"])
        return widths

    def _column_keys(self) -> list[str]:
        keys = ["nama", "unit", "nilai", "saran", "hasil", "perilaku", "mark", "predikat"]
        if self.grouped:
            keys.remove("predikat")
            keys.insert(0, "predikat")
        return keys

    @property
    def rating_columns(self) -> tuple[int, int]:
        return self._columns.index("hasil"), self._columns.index("perilaku")

    def load(self, lines: Sequence[EvaluationLine], *, cursor: tuple[str, str] | None) -> None:
        """Show ``lines``; ``cursor`` is (NIP, "hasil" or "perilaku") to land on if present."""
        if self.grouped:
            lines = sorted(lines, key=group_of)
        self.lines = list(lines)
        self._rows = {line.nip: index for index, line in enumerate(self.lines)}
        self._rebuild()
        if cursor is not None:
            self.focus_cell(*cursor)

    def _rebuild(self) -> None:
        keep = self.cursor_coordinate
        self._widths = self._column_widths()
        self._columns = self._column_keys()
        headers = self._headers()
        self.clear(columns=True)
        for key in self._columns:
            width = self._widths[key]
            header = headers.get(key, "")
            if key == "nilai":
                text = header.rjust(width)[:width]
            elif key in ("nama", "unit") or (key == "predikat" and self.grouped):
                text = fit(header, width - 1).ljust(width)
            else:
                text = (" " + fit(header, width - 1)).ljust(width)
            self.add_column(Text(text), width=width, key=key)
        previous: int | None = None
        for line in self.lines:
            group = group_of(line)
            self.add_row(*self._cells(line, first=group != previous), key=line.nip)
            previous = group
        if self.lines:
            self.cursor_coordinate = keep

    def _cells(self, line: EvaluationLine, *, first: bool = True) -> list[Text]:
        widths = self._widths
        lang = get_language()
        cells: dict[str, Text] = {
            "nama": Text(fit(line.nama, widths["nama"] - 1).ljust(widths["nama"])),
            "unit": Text(fit_unit(line.unit, widths["unit"] - 1).ljust(widths["unit"])),
            "nilai": Text(
                (_nilai(line.nilai, lang) if line.nilai is not None else "–").rjust(widths["nilai"])
            ),
            "saran": Text(
                (" " + evaluation_rating_label(line.saran, short=True)).ljust(widths["saran"])
            ),
            "hasil": Text(
                (" " + _rating(line.hasil)).ljust(widths["hasil"]),
                style="bold" if line.hasil else "",
            ),
            "perilaku": Text(
                (" " + _rating(line.perilaku)).ljust(widths["perilaku"]),
                style="bold" if line.perilaku else "",
            ),
            "mark": Text(MISSING_REASON if line.perlu_alasan else " ", style="bold"),
        }
        if self.grouped:
            label = official_predikat_label(line.predikat) if line.predikat else t("evaluasi.belum")
            shown = fit(label, widths["predikat"] - 1) if first else ""
            cells["predikat"] = Text(shown.ljust(widths["predikat"]), style="bold")
        else:
            label = official_predikat_label(line.predikat) if line.predikat else ""
            cells["predikat"] = Text((" " + label).ljust(widths["predikat"]))
        return [cells[key] for key in self._columns]

    def update_line(self, line: EvaluationLine) -> bool:
        """Replace one employee's row in place (after a save) without rebuilding the table;
        False when it cannot stay where it is (grouped, its predikat changed)."""
        index = self._rows.get(line.nip)
        if index is None:
            return False
        group = group_of(line)
        if self.grouped and group != group_of(self.lines[index]):
            return False
        self.lines[index] = line
        first = index == 0 or group_of(self.lines[index - 1]) != group
        for column, cell in enumerate(self._cells(line, first=first)):
            self.update_cell_at(Coordinate(index, column), cell)
        return True

    def on_resize(self, event: events.Resize) -> None:
        if self._columns and self._column_widths() != self._widths:
            self._rebuild()

    # ------------------------------------------------------------ cursor

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        row, column = super().validate_cursor_coordinate(value)
        if self._columns:
            first, last = self.rating_columns
            column = min(max(column, first), last)
        return Coordinate(row, column)

    @property
    def current_line(self) -> EvaluationLine | None:
        index = self.cursor_coordinate.row
        return self.lines[index] if 0 <= index < len(self.lines) else None

    @property
    def current_field(self) -> str:
        """ "hasil" or "perilaku": the rating under the cursor."""
        if not self._columns:
            return FIELDS[0]
        return FIELDS[1] if self.cursor_coordinate.column == self.rating_columns[1] else FIELDS[0]

    @property
    def cursor_position(self) -> tuple[str, str] | None:
        """(NIP, field) of the cursor, to put it back after a reload."""
        line = self.current_line
        return None if line is None else (line.nip, self.current_field)

    def index_of(self, nip: str) -> int | None:
        return self._rows.get(nip)

    def focus_cell(self, nip: str, field: str) -> bool:
        """Put the cursor on ``nip``'s ``field``; False when that employee is not shown."""
        index = self._rows.get(nip)
        if index is None or not self._columns:
            return False
        column = self.rating_columns[FIELDS.index(field) if field in FIELDS else 0]
        self.cursor_coordinate = Coordinate(index, column)
        return True

    def on_data_table_cell_selected(self) -> None:
        """Enter goes on to the next rating, like the score grid."""
        self.advance()

    def advance(self) -> bool:
        """Move to the next rating, wrapping to the next row; False at the very end."""
        line = self.current_line
        if line is None:
            return False
        if self.current_field == FIELDS[0]:
            return self.focus_cell(line.nip, FIELDS[1])
        index = self.cursor_coordinate.row
        if index + 1 < len(self.lines):
            return self.focus_cell(self.lines[index + 1].nip, FIELDS[0])
        return False

    def first_gap(self) -> tuple[str, str] | None:
        """The first empty rating of the first row that has one (None: every row is rated)."""
        for line in self.lines:
            gaps = _gaps(line)
            if gaps:
                return line.nip, gaps[0]
        return None

    def move_after_rating(self) -> bool:
        """Where the next rating goes after one was saved in the cursor's cell.

        In a row still missing a rating: its other rating.  In a row now complete:
        the first empty rating of the next row that has one (wrapping to the top),
        so a key is never typed into a complete row by itself.  False when every
        row is complete (the cursor stays).
        """
        line = self.current_line
        if line is None:
            return False
        gaps = _gaps(line)
        if gaps:
            return self.focus_cell(line.nip, gaps[0])
        index = self.cursor_coordinate.row
        count = len(self.lines)
        for step in range(1, count + 1):
            other = self.lines[(index + step) % count]
            missing = _gaps(other)
            if missing:
                return self.focus_cell(other.nip, missing[0])
        return False


def _gaps(line: EvaluationLine) -> list[str]:
    return [field for field in FIELDS if getattr(line, field) is None]
