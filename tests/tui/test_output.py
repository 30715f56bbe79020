"""What goes to the terminal (tui/output.py): a terminal fed only the changes shows the same
cells, characters, colours and attributes as one fed every frame whole."""

from __future__ import annotations

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style

from tui.output import Frame, Line, Pens, line_of

WIDTH, HEIGHT = 16, 8

STYLES = [
    None,
    Style(bold=True),
    Style(dim=True),
    Style(bold=True, dim=True, color="red"),
    Style(color="color(253)", bgcolor="color(234)"),
    Style(color="color(195)", bgcolor="color(32)", bold=True),
    Style(reverse=True),
    Style(italic=True, underline=True, bgcolor="blue"),
    Style(strike=True, color="#ff8800"),
    Style(bgcolor="default", color="default"),
]
TEXTS = ["a", "b", " ", "é", "…", "漢", "x"]


def reference(lines: list[list[tuple[str, Style | None]]]) -> pyte.Screen:
    """Every cell written with its full colour sequence and a reset: what Textual sends."""
    screen = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.Stream(screen)
    for y, segments in enumerate(lines):
        stream.feed(f"\x1b[{y + 1}H")
        for text, style in segments:
            codes = style._make_ansi_codes(ColorSystem.EIGHT_BIT) if style else ""
            stream.feed(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
    return screen


def shown(screen: pyte.Screen) -> list[list[tuple[object, ...]]]:
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse, c.strikethrough)
            for c in (screen.buffer[y][x] for x in range(WIDTH))
        ]
        for y in range(HEIGHT)
    ]


def segments_of(row: list[tuple[int, int]]) -> list[tuple[str, Style | None]]:
    """A row of (text, style) picks cut to exactly the frame's width."""
    segments: list[tuple[str, Style | None]] = []
    used = 0
    for text_index, style_index in row:
        text = TEXTS[text_index]
        width = 2 if text == "漢" else 1
        if used + width > WIDTH:
            break
        segments.append((text, STYLES[style_index]))
        used += width
    segments.extend((" ", None) for _ in range(WIDTH - used))
    return segments


rows = st.lists(
    st.tuples(st.integers(0, len(TEXTS) - 1), st.integers(0, len(STYLES) - 1)),
    min_size=WIDTH,
    max_size=WIDTH,
)
frames = st.lists(rows, min_size=HEIGHT, max_size=HEIGHT)


def draw(frame: Frame, pens: Pens, lines: list[list[tuple[str, Style | None]]]) -> str:
    for y, segments in enumerate(lines):
        frame.put(0, y, line_of(segments, pens))
    return frame.changes(pens)


# Rows often repeat on a screen (blank lines, a table's empty cells): frames drawn from
# a pool of three rows make repeated rows, and so ambiguous scrolls, common.
pooled_frames = st.lists(rows, min_size=3, max_size=3).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), min_size=HEIGHT, max_size=HEIGHT)
)


@settings(max_examples=300, deadline=None)
@given(
    first=frames | pooled_frames,
    second=frames | pooled_frames,
    keep=st.lists(st.booleans(), min_size=HEIGHT, max_size=HEIGHT),
    shift=st.integers(-3, 3),
)
def test_a_terminal_fed_changes_shows_every_frame_exactly(
    first: list[list[tuple[int, int]]],
    second: list[list[tuple[int, int]]],
    keep: list[bool],
    shift: int,
) -> None:
    pens = Pens(ColorSystem.EIGHT_BIT)
    frame = Frame(WIDTH, HEIGHT)
    screen = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.Stream(screen)
    one = [segments_of(row) for row in first]
    stream.feed(draw(frame, pens, one))
    assert shown(screen) == shown(reference(one))
    # The second frame: rows of the first moved by ``shift`` (a list scrolled), some new.
    two = [
        one[y + shift] if keep[y] and 0 <= y + shift < HEIGHT else segments_of(second[y])
        for y in range(HEIGHT)
    ]
    stream.feed(draw(frame, pens, two))
    assert shown(screen) == shown(reference(two))
    assert frame.changes(pens) == "", "nothing more to send"


def test_a_list_scrolled_by_one_row_sends_a_scroll_and_the_new_row() -> None:
    pens = Pens(ColorSystem.EIGHT_BIT)
    frame = Frame(WIDTH, HEIGHT)
    names = [f"row {n:<12}" for n in range(HEIGHT + 1)]
    zebra = [Style(bgcolor="color(234)"), Style(bgcolor="color(235)")]
    lines = [[(names[y], zebra[y % 2])] for y in range(HEIGHT)]
    draw(frame, pens, lines)
    moved = [[(names[y + 1], zebra[(y + 1) % 2])] for y in range(HEIGHT)]
    sent = draw(frame, pens, moved)
    assert "\x1b[1;8r" in sent and "\x1b[M" in sent, sent
    assert names[HEIGHT] in sent
    assert not any(name in sent for name in names[1:HEIGHT]), "rows that moved are not resent"


def test_a_colour_is_sent_once_for_a_run_of_cells_in_it() -> None:
    pens = Pens(ColorSystem.EIGHT_BIT)
    frame = Frame(WIDTH, 1)
    style = Style(color="color(253)", bgcolor="color(234)")
    sent = draw(frame, pens, [[("ab", style), ("cd", style), (" " * (WIDTH - 4), None)]])
    assert sent == "\x1b[1H\x1b[38;5;253;48;5;234mabcd\x1b[0m" + " " * (WIDTH - 4)


def test_only_the_changed_cells_are_sent() -> None:
    pens = Pens(ColorSystem.EIGHT_BIT)
    frame = Frame(WIDTH, 2)
    draw(frame, pens, [[("a" * WIDTH, None)], [("b" * WIDTH, None)]])
    sent = draw(frame, pens, [[("a" * WIDTH, None)], [("b" * 5 + "X" + "b" * 10, None)]])
    assert sent == "\x1b[2;6HX"


def test_forgotten_rows_are_drawn_again() -> None:
    pens = Pens(ColorSystem.EIGHT_BIT)
    frame = Frame(WIDTH, 2)
    lines: list[Line] = [line_of([("a" * WIDTH, None)], pens), line_of([("b" * WIDTH, None)], pens)]
    for y, line in enumerate(lines):
        frame.put(0, y, line)
    frame.changes(pens)
    frame.forget([1])
    assert frame.changes(pens) == "\x1b[2H" + "b" * WIDTH


def test_control_and_bidi_characters_are_never_sent() -> None:
    """A stored name carrying an escape sequence is shown, not obeyed, and keeps its columns."""
    pens = Pens(ColorSystem.EIGHT_BIT)
    cells = line_of([("Kantor\x1b]2;X\x07 \u202eY", Style(bold=True)), ("é\x1b[2J!", None)], pens)
    assert "".join(char for char, _pen in cells) == "Kantor]2;X Yé[2J!"
    frame = Frame(WIDTH * 2, 1)
    frame.put(0, 0, cells)
    sent = frame.changes(pens)
    assert "\x1b]" not in sent and "\x07" not in sent and "\u202e" not in sent
    assert "\x1b[2J" not in sent
