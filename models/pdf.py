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
``one_page`` keeps a part of the story on a single page, shrinking it if it would
not fit, so a document of one page per employee never runs over.
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
MARGIN: Final = 20 * MM
PAGE_WIDTH: Final = 210 * MM
PAGE_HEIGHT: Final = 297 * MM
WIDTH: Final = PAGE_WIDTH - 2 * MARGIN
"""The text width of an A4 page with 20 mm margins."""
HEIGHT: Final = PAGE_HEIGHT - 2 * MARGIN
"""The text height of an A4 page with 20 mm margins."""

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
        "small_bold": ParagraphStyle(
            "small_bold", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10
        ),
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


def one_page(parts: Sequence[Flowable]) -> Flowable:
    """``parts`` on one page: set at full size when they fit, else shrunk to fit."""
    from reportlab.platypus import KeepInFrame

    return KeepInFrame(WIDTH, HEIGHT, list(parts), mode="shrink")


def later_page(make: Callable[[], Sequence[Flowable]]) -> Flowable:
    """A ``one_page`` whose parts are made only when it is laid out, and let go once drawn.

    A document of thousands of pages then holds one page's flowables at a time
    instead of all of them, so its memory stays flat and its time linear.
    """
    return _later_page_class()(make)


@cache
def _later_page_class() -> type:
    from reportlab.platypus import Flowable as Base

    class LaterPage(Base):  # type: ignore[misc]
        def __init__(self, make: Callable[[], Sequence[Flowable]]) -> None:
            super().__init__()
            self.make: Callable[[], Sequence[Flowable]] | None = make
            self.page: Any = None

        def _made(self) -> Any:
            if self.page is None:
                assert self.make is not None, "a page is drawn once"
                self.page = one_page(self.make())
            return self.page

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            size: tuple[float, float] = self._made().wrapOn(self.canv, width, height)
            self.width, self.height = size
            return size

        def split(self, width: float, height: float) -> list[Any]:
            return []

        def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
            self._made().drawOn(canvas, x, y, _sW)
            self.page = self.make = None

    return LaterPage


def keep_together(parts: Sequence[Flowable]) -> Flowable:
    from reportlab.platypus import KeepTogether

    return KeepTogether(list(parts))


CELL_PADDING: Final = 3.0
"""Left and right padding of a table cell, in points."""


def table(
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    header: bool = False,
    grid: bool = True,
    emphasis: Sequence[tuple[int, int]] = (),
    small: bool = False,
) -> Flowable:
    """A table, set at the left; text cells wrap inside their column, flowables are
    used as they are.

    ``header`` sets the first row in bold and repeats it on every page the table
    runs over; ``emphasis`` lists (column, row) cells set in bold; ``small`` sets
    the text in the small size (long lists).  Text that fits its column on one
    line is drawn as it is, without a paragraph: it looks the same and is laid
    out many times faster, which counts in a document of thousands of pages.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    styles = _styles()
    bold_cells = set(emphasis)
    plain, strong = ("small", "small_bold") if small else ("body", "bold")
    size = styles[plain].fontSize
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), styles[plain].leading),
    ]
    room = [w * MM - 2 * CELL_PADDING for w in widths_mm]
    data: list[list[Any]] = []
    for r, row in enumerate(rows):
        cells: list[Any] = []
        for c, value in enumerate(row):
            if not isinstance(value, str | int | float):
                cells.append(value)
                continue
            is_bold = (header and r == 0) or (c, r) in bold_cells
            text = printable(str(value))
            font = FONT_BOLD if is_bold else FONT
            if stringWidth(text, font, size) <= room[c]:
                cells.append(text)
                if is_bold:
                    commands.append(("FONTNAME", (c, r), (c, r), FONT_BOLD))
            else:
                cells.append(cell(text, strong if is_bold else plain))
        data.append(cells)
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "#000000"))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), "#e6e6e6"))
    return Table(
        data,
        colWidths=[w * MM for w in widths_mm],
        repeatRows=1 if header else 0,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def render(
    story: Sequence[Flowable],
    *,
    title: str,
    progress: Callable[[int], None] | None = None,
    draft: str | None = None,
    footer: str = "",
) -> bytes:
    """Lay ``story`` out on A4 pages (20 mm margins); the PDF's bytes.

    ``progress`` is called with the number of pages done after every page.
    ``draft`` is written across every page (the DRAF mark of a period still
    open); ``footer`` at the foot of every page, followed by the page number.
    The output is the same bytes for the same story (no time stamps inside), so
    a document can be compared with an earlier one.
    """
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    _styles()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=printable(title),
        creator="Kinerja",
        invariant=True,
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        WIDTH,
        HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    foot = printable(footer)
    mark = printable(draft) if draft else ""

    def decorate(canvas: Any, document: Any) -> None:
        if mark:
            canvas.saveState()
            canvas.setFillColorRGB(0.8, 0.1, 0.1, alpha=0.18)
            canvas.setFont(FONT_BOLD, 110)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -40, mark)
            canvas.restoreState()
        canvas.saveState()
        if mark:
            canvas.setFillColorRGB(0.7, 0, 0)
            canvas.setFont(FONT_BOLD, 9)
            canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN / 2, mark)
        canvas.setFillColorRGB(0.3, 0.3, 0.3)
        canvas.setFont(FONT, 7.5)
        page = str(document.page)
        canvas.drawString(MARGIN, MARGIN / 2, foot)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN / 2, page)
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame], onPage=decorate)])
    if progress is not None:

        def on_progress(kind: str, value: int) -> None:
            if kind == "PAGE":
                progress(value)

        doc.setProgressCallBack(on_progress)
    doc.build(list(story))
    return buffer.getvalue()
