"""Printable documents as PDF: A4 pages set in an embedded Unicode font.

The font is DejaVu Sans (shipped in ``data/fonts`` with its licence), so every
name in an office prints: Latin with any accents, Greek, Cyrillic.  reportlab is
imported only when a document is made, never at start-up.  Text from the office
always goes through ``para`` or ``cell``, which escape it for reportlab's small
markup language and show control characters as U+FFFD, so a name holding ``&``,
``<`` or an escape sequence prints as written.

A document is a list of reportlab flowables ("the story"); ``render`` lays it out
on A4 pages and returns the PDF's bytes, calling ``progress`` after every page so
a long document (a whole office, one page per employee) can show how far it got.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Final
from xml.sax.saxutils import escape

from models.text import printable

FONT: Final = "DejaVu"
FONT_BOLD: Final = "DejaVu-Bold"
MM: Final = 72 / 25.4
"""One millimetre in PDF points."""
WIDTH: Final = 170 * MM
"""The text width of an A4 page with 20 mm margins."""

Flowable = Any
"""A reportlab flowable (reportlab has no type hints)."""


@cache
def _styles() -> dict[str, Any]:
    """Register the fonts once per process and build the paragraph styles."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = importlib.resources.files("kinerja_data") / "fonts"
    with importlib.resources.as_file(fonts / "DejaVuSans.ttf") as regular:
        pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    with importlib.resources.as_file(fonts / "DejaVuSans-Bold.ttf") as bold:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=12.5, leading=16, alignment=1
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, alignment=1),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, spaceBefore=6, spaceAfter=2
        ),
        "draft": ParagraphStyle(
            "draft", parent=body, fontName=FONT_BOLD, alignment=1, textColor="#b00000"
        ),
        "right": ParagraphStyle("right", parent=body, alignment=2),
        "center": ParagraphStyle("center", parent=body, alignment=1),
    }


def para(text: object, style: str = "body") -> Flowable:
    """A paragraph of stored or typed text, escaped; wraps to the width it is given."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(printable(str(text))), _styles()[style])


def bold(text: object) -> Flowable:
    return para(text, "bold")


def cell(text: object, style: str = "body") -> Flowable:
    """Text for a table cell: a paragraph, so a long value wraps inside its column."""
    return para(text, style)


def space(height_mm: float) -> Flowable:
    from reportlab.platypus import Spacer

    return Spacer(1, height_mm * MM)


def page_break() -> Flowable:
    from reportlab.platypus import PageBreak

    return PageBreak()


def keep_together(parts: Sequence[Flowable]) -> Flowable:
    from reportlab.platypus import KeepTogether

    return KeepTogether(list(parts))


def table(
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    header: bool = False,
    grid: bool = True,
    emphasis: Sequence[tuple[int, int]] = (),
) -> Flowable:
    """A table; plain strings become wrapping cells, flowables are used as they are.

    ``header`` sets the first row in bold and repeats it on every page the table
    runs over; ``emphasis`` lists (column, row) cells set in bold.
    """
    from reportlab.platypus import Table, TableStyle

    bold_cells = set(emphasis)
    data = [
        [
            value
            if not isinstance(value, str | int | float)
            else cell(value, "bold" if (header and r == 0) or (c, r) in bold_cells else "body")
            for c, value in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "#000000"))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), "#e6e6e6"))
    return Table(
        data,
        colWidths=[w * MM for w in widths_mm],
        repeatRows=1 if header else 0,
        style=TableStyle(commands),
    )


def render(
    story: Sequence[Flowable],
    *,
    title: str,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Lay ``story`` out on A4 pages (20 mm margins); the PDF's bytes.

    ``progress`` is called with the number of pages done after every page.
    The output is the same bytes for the same story (no time stamps inside), so
    a document can be compared with an earlier one.
    """
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    _styles()
    buffer = io.BytesIO()
    margin = 20 * MM
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=printable(title),
        creator="Kinerja",
        invariant=True,
    )
    if progress is not None:

        def on_progress(kind: str, value: int) -> None:
            if kind == "PAGE":
                progress(value)

        doc.setProgressCallBack(on_progress)
    doc.build(list(story))
    return buffer.getvalue()
