"""What the terminal is sent: only the cells that changed, in as few bytes as they take.

Textual sends every region it repaints whole, each run of text with its full
colour sequence and a reset after it; scrolling a list by one row repaints
every row of it.  Over SSH on a slow link those bytes are what a key costs
(README, "Performance").  ``Frame`` keeps, cell by cell, what the terminal
shows and what it should show; ``changes`` gives the bytes that take one to
the other:

- cells that already show the right thing are not sent;
- a colour or attribute is sent only where it differs from the one before
  (``Pens``), and the whole frame ends with one reset;
- when rows moved up or down (a list scrolled), the terminal moves them
  itself (a scroll region with delete or insert line, which every VT100-like
  terminal has, the Linux console included) and only what is new is drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rich.cells import get_character_cell_size
from rich.color import ColorSystem
from rich.style import Style

from models.display import without_controls

Cell = tuple[str, int]
"""The text shown in one cell ("" right of a wide character) and its pen's number."""
Line = list[Cell]

BLANK_PEN = 0
"""The terminal's default colours and no attributes (what a reset gives)."""

_ATTRIBUTES = (
    ("bold", "1", "22"),
    ("dim", "2", "22"),
    ("italic", "3", "23"),
    ("underline", "4", "24"),
    ("blink", "5", "25"),
    ("blink2", "6", "25"),
    ("reverse", "7", "27"),
    ("conceal", "8", "28"),
    ("strike", "9", "29"),
    ("underline2", "21", "24"),
    ("frame", "51", "54"),
    ("encircle", "52", "54"),
    ("overline", "53", "55"),
)
"""Rich's attributes in its own order: the code that sets each and the one that clears it."""

_MERGE_GAP = 3
"""Unchanged cells between two changed runs are written over when at most this many (and
in the pen already set), which is shorter than moving the cursor past them."""
_MIN_SCROLL_ROWS = 3
"""Rows that must have moved by the same distance before a scroll is considered."""


class Pens:
    """Numbers for the distinct looks of cells, and the shortest SGR from one to another."""

    def __init__(self, color_system: ColorSystem) -> None:
        self.color_system = color_system
        self._by_style: dict[Style, int] = {}
        self._by_look: dict[tuple[int, tuple[str, ...], tuple[str, ...]], int] = {
            (0, (), ()): BLANK_PEN
        }
        self._looks: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = [(0, (), ())]
        self._moves: dict[tuple[int, int], str] = {}

    def number(self, style: Style | None) -> int:
        """The pen of ``style``: styles that look the same (meta aside) share one."""
        if style is None:
            return BLANK_PEN
        found = self._by_style.get(style)
        if found is not None:
            return found
        bits = 0
        for bit, (name, _, _) in enumerate(_ATTRIBUTES):
            if getattr(style, name):
                bits |= 1 << bit
        fg: tuple[str, ...] = ()
        bg: tuple[str, ...] = ()
        if style.color is not None and not style.color.is_default:
            fg = tuple(style.color.downgrade(self.color_system).get_ansi_codes(True))
        if style.bgcolor is not None and not style.bgcolor.is_default:
            bg = tuple(style.bgcolor.downgrade(self.color_system).get_ansi_codes(False))
        look = (bits, fg, bg)
        number = self._by_look.get(look)
        if number is None:
            number = self._by_look[look] = len(self._looks)
            self._looks.append(look)
        self._by_style[style] = number
        return number

    def move(self, old: int, new: int) -> str:
        """The shortest SGR sequence that changes pen ``old`` into pen ``new``."""
        key = (old, new)
        found = self._moves.get(key)
        if found is None:
            found = self._moves[key] = self._sgr(old, new)
        return found

    def _sgr(self, old: int, new: int) -> str:
        if old == new:
            return ""
        old_bits, old_fg, old_bg = self._looks[old]
        bits, fg, bg = self._looks[new]

        def full() -> list[str]:
            codes = ["0"] if old != BLANK_PEN else []
            codes += [on for bit, (_, on, _) in enumerate(_ATTRIBUTES) if bits & 1 << bit]
            return [*codes, *fg, *bg]

        codes: list[str] = []
        cleared = old_bits & ~bits
        for bit, (_, _, off) in enumerate(_ATTRIBUTES):
            if cleared & 1 << bit and off not in codes:
                codes.append(off)
        keep = old_bits & bits
        # Bold and dim share one code to clear them: clearing one clears both.
        if "22" in codes:
            keep &= ~0b11
        codes += [on for bit, (_, on, _) in enumerate(_ATTRIBUTES) if bits & ~keep & 1 << bit]
        if fg != old_fg:
            codes += fg or ("39",)
        if bg != old_bg:
            codes += bg or ("49",)
        shortest = min(codes, full(), key=lambda c: len(";".join(c)))
        return f"\x1b[{';'.join(shortest)}m" if shortest else "\x1b[0m"


def line_of(segments: Iterable[tuple[str, Style | None]], pens: Pens) -> Line:
    """The cells a run of (text, style) segments covers, left to right.

    A control or bidi character is dropped, never sent: it takes no cell, and the
    terminal would obey it (a stored name that retitles or clears the screen).
    """
    cells: Line = []
    for text, style in segments:
        pen = pens.number(style)
        text = without_controls(text)
        if text.isascii():
            cells.extend((char, pen) for char in text)
            continue
        for char in text:
            width = get_character_cell_size(char)
            if width == 0 and cells:
                previous, previous_pen = cells[-1]
                cells[-1] = (previous + char, previous_pen)
            elif width == 2:
                cells.append((char, pen))
                cells.append(("", pen))
            elif width == 1:
                cells.append((char, pen))
    return cells


class Frame:
    """What the terminal shows (``sent``) and what it should show (``wanted``), cell by cell.

    A line is None while unknown: never drawn, or drawn over by something else.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.sent: list[Line | None] = [None] * height
        self.wanted: list[Line | None] = [None] * height

    def forget(self, rows: Iterable[int] | None = None) -> None:
        """The terminal's content is no longer known (all of it, or ``rows``): draw it anew."""
        for y in range(self.height) if rows is None else rows:
            if 0 <= y < self.height:
                self.sent[y] = None

    def put(self, x: int, y: int, cells: Sequence[Cell]) -> None:
        """``cells`` should be shown from column ``x`` of row ``y`` (cut at the right edge)."""
        if not 0 <= y < self.height or x >= self.width or not cells:
            return
        line = self.wanted[y]
        if line is None:
            line = self.wanted[y] = [(" ", BLANK_PEN)] * self.width
        end = min(self.width, x + len(cells))
        line[x:end] = cells[: end - x]

    @property
    def pending(self) -> bool:
        """True when the terminal does not show what it should."""
        return any(w is not None and w != s for w, s in zip(self.wanted, self.sent, strict=True))

    def changes(self, pens: Pens) -> str:
        """The bytes that make the terminal show ``wanted``; ``sent`` is then ``wanted``."""
        wanted = self.wanted
        changed = [
            y for y in range(self.height) if wanted[y] is not None and wanted[y] != self.sent[y]
        ]
        if not changed:
            return ""
        out: list[str] = []
        scroll = self._scroll(changed)
        if scroll is not None:
            plain = _draw(self.sent, wanted, changed, pens, self.width)
            moved = list(self.sent)
            prefix = _apply_scroll(moved, scroll, self.width)
            # Rows the scroll moved that were right before may be wrong now: all rows count.
            still = [
                y for y in range(self.height) if wanted[y] is not None and wanted[y] != moved[y]
            ]
            scrolled = prefix + _draw(moved, wanted, still, pens, self.width)
            if len(scrolled.encode()) < len(plain.encode()):
                out.append(scrolled)
            else:
                out.append(plain)
        else:
            out.append(_draw(self.sent, wanted, changed, pens, self.width))
        self.sent = [None if line is None else list(line) for line in wanted]
        return "".join(out)

    def _scroll(self, changed: list[int]) -> tuple[int, int, int] | None:
        """(top, bottom, distance) of rows that moved by one distance, or None.

        Lines are matched on all but their last two cells (where a scrollbar is
        drawn, which moves on its own); distance > 0 moves rows up.
        """
        if len(changed) < _MIN_SCROLL_ROWS:
            return None
        trim = max(1, self.width - 2)
        where: dict[tuple[Cell, ...], list[int]] = {}
        for y, line in enumerate(self.sent):
            if line is not None:
                where.setdefault(tuple(line[:trim]), []).append(y)
        wanted = self.wanted
        votes: Counter[int] = Counter()
        for y in changed:
            line = wanted[y]
            assert line is not None
            for source in where.get(tuple(line[:trim]), ()):
                if source != y:
                    votes[source - y] += 1
        if not votes:
            return None
        distance, count = votes.most_common(1)[0]
        if count < _MIN_SCROLL_ROWS:
            return None
        matched = []
        for y in changed:
            source = y + distance
            line, old = wanted[y], self.sent[source] if 0 <= source < self.height else None
            if line is not None and old is not None and line[:trim] == old[:trim]:
                matched.append(y)
        if distance > 0:
            return min(matched), max(matched) + distance, distance
        return min(matched) + distance, max(matched), distance


def _apply_scroll(lines: list[Line | None], scroll: tuple[int, int, int], width: int) -> str:
    """Move rows ``top``..``bottom`` by ``distance`` in ``lines`` and return the bytes that
    do it on the terminal: a scroll region, delete (or insert) lines at its top, no region.

    Lines that come in are blank in the default colours (the pen is reset first).
    """
    top, bottom, distance = scroll
    blank: Line = [(" ", BLANK_PEN)] * width
    count = abs(distance)
    region = lines[top : bottom + 1]
    fresh: list[Line | None] = [list(blank) for _ in range(count)]
    if distance > 0:
        region = region[count:] + fresh
        edit = "M"
    else:
        region = fresh + region[:-count]
        edit = "L"
    lines[top : bottom + 1] = region
    amount = "" if count == 1 else str(count)
    return f"\x1b[{top + 1};{bottom + 1}r\x1b[{top + 1}H\x1b[{amount}{edit}\x1b[r"


def _draw(
    sent: Sequence[Line | None],
    wanted: Sequence[Line | None],
    rows: Iterable[int],
    pens: Pens,
    width: int,
) -> str:
    """The bytes that draw the cells of ``rows`` that differ between ``sent`` and ``wanted``.

    Starts with the cursor at an unknown place and the pen reset; ends with
    the pen reset.
    """
    out: list[str] = []
    pen = BLANK_PEN
    cursor: tuple[int, int] | None = None
    for y in rows:
        new = wanted[y]
        if new is None:
            continue
        for start, end in _runs(sent[y], new, width):
            if cursor != (start, y):
                out.append(_move(cursor, start, y))
            for x in range(start, end):
                char, cell_pen = new[x]
                if not char:
                    continue
                if cell_pen != pen:
                    out.append(pens.move(pen, cell_pen))
                    pen = cell_pen
                out.append(char)
            cursor = (end, y) if end < width else None
    if pen != BLANK_PEN:
        out.append("\x1b[0m")
    return "".join(out)


def _runs(old: Line | None, new: Line, width: int) -> list[tuple[int, int]]:
    """[start, end) column ranges of ``new`` to draw over ``old``."""
    if old is None:
        return [(0, width)]
    runs: list[tuple[int, int]] = []
    x = 0
    while x < width:
        if old[x] == new[x]:
            x += 1
            continue
        start = x
        while x < width and old[x] != new[x]:
            x += 1
        if start > 0 and not new[start][0]:
            start -= 1  # the right half of a wide character: draw the character
        if x < width and not new[x][0]:
            x += 1
        if runs:
            last_start, last_end = runs[-1]
            gap = new[last_end:start]
            pen = new[last_end - 1][1]
            if len(gap) <= _MERGE_GAP and all(c[0].isascii() and c[1] == pen for c in gap):
                runs[-1] = (last_start, x)
                continue
        runs.append((start, x))
    return runs


def _move(cursor: tuple[int, int] | None, x: int, y: int) -> str:
    """The shortest of the cursor moves used here from ``cursor`` (None: unknown) to (x, y)."""
    if cursor is not None:
        cx, cy = cursor
        if cy == y and x > cx:
            n = x - cx
            return "\x1b[C" if n == 1 else f"\x1b[{n}C"
        if cy + 1 == y and x == 0:
            return "\r\n"
        if cy == y and x == 0:
            return "\r"
    return f"\x1b[{y + 1}H" if x == 0 else f"\x1b[{y + 1};{x + 1}H"
