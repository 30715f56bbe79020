"""Spreadsheet-shaped files: strict reading of CSV/XLSX imports, safe writing of exports.

Reading never guesses.  A CSV file is UTF-8 (with or without a BOM) or
UTF-16/32 announced by its BOM; any other encoding must be named
(``encoding``), and a file that is not what it claims is refused with the
line and byte where it goes wrong.  Duplicate columns, unnamed columns holding
data and cells past the header are refused; which column names are known is
the caller's business (``header_problems``).  Files, rows, columns and cells
have limits, and a workbook is read as a stream, so a huge or hostile file is
refused quickly instead of filling the memory.  A workbook cell holding a
formula is refused: its value is whatever Excel last computed, if anything.

Writing protects spreadsheet users: no cell of a ``csv`` or ``csv-excel``
export, read with either ``,`` or ``;`` as the separator, starts with a
character that makes a spreadsheet run a formula (``neutralise``); numbers
have one precision and booleans one vocabulary (``ya``/``tidak``) in every
format but JSON, which keeps its own types.  See README, "CSV files".
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from difflib import get_close_matches
from pathlib import Path
from typing import IO, Any, Final, TypeVar, overload

import orjson

from models.errors import ValidationError
from models.i18n import t
from models.text import printable

Row = dict[str, str]
FORMATS: Final[tuple[str, ...]] = ("csv", "csv-excel", "json", "xlsx")
"""Export formats: ``csv`` for machines, ``csv-excel`` for Excel in the Indonesian locale."""

MAX_FILE_BYTES: Final = 50 * 1024 * 1024
MAX_ROWS: Final = 200_000
"""Data rows in one import file (far above the largest office)."""
MAX_COLUMNS: Final = 500
MAX_CELL: Final = 32_767
"""Characters in one cell: what Excel itself can hold."""
_MAX_SHEET_XML: Final = 512 * 1024 * 1024
_MAX_STRINGS_XML: Final = 64 * 1024 * 1024
_MAX_SMALL_XML: Final = 16 * 1024 * 1024

# A cell starting with one of these is run as a formula by spreadsheets
# (tab and carriage return start one after being stripped).
_FORMULA_STARTS: Final = "=+-@\t\r"
# Where a spreadsheet may start a cell while splitting a line at the other
# separator: after either separator, a line break or a quote.  There the end
# of the text counts as dangerous too: the cell would start at the closing
# quote and run on into the line break (a cell starting with CR).
_AT_START = re.compile(r"^('*)(?=[=+\-@\t\r])")
_AFTER = re.compile(r"""([,;\n\r"])('*)(?=[=+\-@\t\r]|\Z)""")
_UN_START = re.compile(r"^'('*)(?=[=+\-@\t\r])")
_UN_AFTER = re.compile(r"""([,;\n\r"])'('*)(?=[=+\-@\t\r]|\Z)""")
# Doubles hold integers exactly only up to 2**53; a larger number read from a
# workbook has already lost digits (Excel keeps 15), so it must not pass as a NIP.
_EXACT_FLOAT_LIMIT: Final = 2**53
_TWO_PLACES: Final = Decimal("0.01")

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

T = TypeVar("T")


# --------------------------------------------------------------------------- formulas


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: T) -> T: ...
def neutralise(value: object) -> object:
    """Text that a spreadsheet could run as a formula, with an apostrophe put before it.

    Not only the start of the text: a spreadsheet splitting a line at the
    other separator (``;`` instead of ``,`` or the reverse) starts a cell after
    it, so the text after every ``,``, ``;``, line break or quote is treated
    the same (and such a character ending the text gets an apostrophe after
    it).  Apostrophes already standing there get one more, so
    ``unneutralise`` always restores the original exactly.  Numbers and other
    non-text values are returned unchanged.
    """
    if isinstance(value, str):
        return _AT_START.sub(r"\1'", _AFTER.sub(r"\1\2'", value))
    return value


def unneutralise(text: str) -> str:
    """Undo ``neutralise``: drop each apostrophe it put before a formula character."""
    if "'" not in text:
        return text
    return _UN_START.sub(r"\1", _UN_AFTER.sub(r"\1\2", text))


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Sheet:
    """What an import file holds, checked for shape but not for meaning."""

    path: Path
    columns: tuple[str, ...]
    """Named columns in file order: stripped, single-spaced and lower-cased."""
    header_line: int
    rows: list[tuple[int, Row]]
    """``(line, {column: text})`` per non-blank data row; every named column present."""


def _file_error(key: str, path: Path, **params: object) -> ValidationError:
    return ValidationError(key, field="file", path=str(path), **params)


def read_sheet(path: Path | str, *, encoding: str | None = None) -> Sheet:
    """Read a CSV or XLSX import file (see the module docstring for what is refused).

    Line numbers are those a clerk sees in a text editor (CSV) or in Excel
    (XLSX).  Blank rows are skipped; short rows are padded with ``""``.
    Apostrophes that ``neutralise`` put in on export are taken out again.
    ``encoding`` names the encoding of a CSV file that is not UTF-8/16/32.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _file_error("tabular.unsupported_format", path, suffix=path.suffix or path.name)
    if suffix == ".xlsx" and encoding is not None:
        raise _file_error("tabular.encoding_csv_only", path)
    check_file(path, MAX_FILE_BYTES)
    if suffix == ".csv":
        return _sheet(path, _csv_cells(path, encoding))
    return _sheet(path, _xlsx_cells(path))


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse a missing or unreadable file, a folder, or one above ``max_bytes``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _file_error("tabular.not_found", path) from None
    except OSError as err:
        raise _file_error("tabular.unreadable", path, reason=err.strerror or str(err)) from err
    if not path.is_file():
        raise _file_error("tabular.not_found", path)
    if size > max_bytes:
        raise _file_error("tabular.too_large", path, size=_mib(size), max=_mib(max_bytes))


def read_text(path: Path, encoding: str | None) -> str:
    """The text of a file, decoded by the rules of a CSV import (see ``decode_text``)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _file_error("tabular.unreadable", path, reason=err.strerror or str(err)) from err
    return decode_text(path, data, encoding)


def read_table(path: Path | str, *, encoding: str | None = None) -> list[tuple[int, Row]]:
    """The data rows of ``read_sheet``."""
    return read_sheet(path, encoding=encoding).rows


def header_problems(sheet: Sheet, known: Iterable[str], required: Sequence[str] = ()) -> list[str]:
    """What is wrong with the header for a file of ``known`` columns, one message each.

    A column name nobody knows is refused rather than ignored (a typo would
    otherwise silently lose that column), with the closest known name offered.
    """
    options = list(dict.fromkeys(known))
    problems: list[str] = []
    unknown = [name for name in sheet.columns if name not in options]
    if unknown:
        named = []
        for name in unknown:
            close = _closest(name, options)
            if close:
                named.append(t("tabular.did_you_mean", column=name, suggestion=close))
            else:
                named.append(name)
        problems.append(
            t("tabular.unknown_columns", columns=", ".join(named), known=", ".join(options))
        )
    missing = [name for name in required if name not in sheet.columns]
    if missing:
        problems.append(t("tabular.missing_columns", columns=", ".join(missing)))
    return problems


def _closest(name: str, options: Sequence[str]) -> str | None:
    """The known column a clerk most likely meant by ``name``, if any is close."""
    joined = "_".join(name.split())
    if joined in options:
        return joined
    close = get_close_matches(joined, options, n=1, cutoff=0.6)
    if close:
        return close[0]
    within = [option for option in options if option in joined or joined in option]
    return max(within, key=len) if within else None


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _sheet(path: Path, cells: Iterator[tuple[int, list[str]]]) -> Sheet:
    """Pair each data row with the header; refuse layouts that would misalign columns."""
    header: list[str] | None = None
    header_line = 0
    names: list[tuple[int, str]] = []
    rows: list[tuple[int, Row]] = []
    for line, raw in cells:
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) > MAX_COLUMNS:
            raise _file_error("tabular.too_many_columns", path, line=line, max=MAX_COLUMNS)
        for index, cell in enumerate(raw):
            if len(cell) > MAX_CELL:
                raise _file_error(
                    "tabular.cell_too_long",
                    path,
                    line=line,
                    column=index + 1,
                    count=len(cell),
                    max=MAX_CELL,
                )
        if header is None:
            header = [" ".join(cell.split()).lower() for cell in raw]
            header_line = line
            seen: set[str] = set()
            for index, name in enumerate(header):
                if not name:
                    continue
                if name in seen:
                    raise _file_error("tabular.duplicate_column", path, column=name)
                seen.add(name)
                names.append((index, name))
            continue
        if len(rows) >= MAX_ROWS:
            raise _file_error("tabular.too_many_rows", path, max=f"{MAX_ROWS:,}".replace(",", "."))
        if any(cell.strip() for cell in raw[len(header) :]):
            raise _file_error("tabular.extra_cells", path, line=line)
        for index, name in enumerate(header):
            if not name and index < len(raw) and raw[index].strip():
                raise _file_error("tabular.unnamed_column", path, line=line, column=index + 1)
        rows.append(
            (
                line,
                {
                    name: unneutralise(raw[index]) if index < len(raw) else ""
                    for index, name in names
                },
            )
        )
    if header is None:
        raise _file_error("tabular.empty", path)
    return Sheet(path, tuple(name for _, name in names), header_line, rows)


# ---- CSV


def decode_text(path: Path, data: bytes, encoding: str | None) -> str:
    """The text of a CSV file: by its BOM, else UTF-8, else only the encoding named."""
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise _file_error("tabular.unknown_encoding", path, encoding=encoding) from None
        start = 0
    else:
        name, start = "utf-8", 0
        for bom, bom_name in _BOMS:
            if data.startswith(bom):
                name, start = bom_name, len(bom)
                break
    body = data[start:]
    try:
        text = body.decode(name)
    except UnicodeDecodeError as err:
        line = body[: err.start].decode(name, errors="replace").count("\n") + 1
        offset = start + err.start
        params: dict[str, object] = {
            "line": line,
            "offset": offset,
            "byte": f"0x{body[err.start]:02X}",
        }
        if encoding is None and name == "utf-8":
            raise _file_error("tabular.not_utf8", path, **params) from None
        raise _file_error("tabular.bad_encoding", path, encoding=name, **params) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # NULs in the first line are a UTF-16 file without its BOM; elsewhere a NUL
    # is a stray character the field rules deal with (refused or removed).
    if "\x00" in text.partition("\n")[0]:
        raise _file_error("tabular.nul", path, line=1)
    return text


def _csv_cells(path: Path, encoding: str | None) -> Iterator[tuple[int, list[str]]]:
    text = read_text(path, encoding)

    first_line, _, rest = text.partition("\n")
    offset = 0
    delimiter = ""
    hint = first_line.strip().lower()
    if hint.startswith("sep=") and len(hint) == 5:
        # Excel's "sep=;" hint line names the separator and is not the header.
        delimiter = hint[4]
        text, offset = rest, 1
        first_line = text.partition("\n")[0]
    if not delimiter:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1 + offset
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            if "field larger than field limit" in str(err):
                raise _file_error(
                    "tabular.cell_too_long_csv", path, line=start, max=MAX_CELL
                ) from None
            raise _file_error("tabular.bad_csv", path, line=start) from None
        yield start, cells


# ---- XLSX


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold (ESC, NUL…) as ``_x001B_``; read them back."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _column_index(ref: str) -> int:
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number_text(value: float) -> str:
    """A workbook number as the text the clerk sees, without a spurious ``.0``."""
    if math.isfinite(value) and value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
        return str(int(value))
    return format(value, ".15g")


_BUILTIN_DATE_FORMATS: Final = frozenset(
    (*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59))
)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _is_date_format(number_format: int, code: str | None) -> bool:
    if code is None:
        return number_format in _BUILTIN_DATE_FORMATS
    return re.search("[dmyhs]", _FORMAT_NOISE.sub("", code).lower()) is not None


def _serial_date(serial: float, date1904: bool) -> str:
    """An Excel date serial as ``2026-11-27`` (or with the time, when it has one)."""
    if date1904:
        base = datetime(1904, 1, 1)
    else:
        # Excel's 1900 system counts a 29 February 1900 that never was.
        base = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
    moment = base + timedelta(seconds=round(serial * 86400))
    if moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


class _Workbook:
    """The parts of an XLSX package the first worksheet needs, read with bounded memory."""

    def __init__(self, path: Path, archive: Any) -> None:
        self.path = path
        self.archive = archive
        self.names = set(archive.namelist())

    def open(self, name: str, limit: int) -> IO[bytes]:
        info = self.archive.getinfo(name)
        if info.file_size > limit:
            raise _file_error(
                "tabular.too_large", self.path, size=_mib(info.file_size), max=_mib(limit)
            )
        stream: IO[bytes] = self.archive.open(info)
        return stream

    def parse(self, name: str) -> Any:
        from xml.etree import ElementTree

        with self.open(name, _MAX_SMALL_XML) as stream:
            return ElementTree.parse(stream).getroot()

    def relations(self, name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, part name) of the part ``name``."""
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if rels not in self.names:
            return found
        for element in self.parse(rels).iter():
            if _local(element.tag) != "Relationship":
                continue
            target = element.get("Target", "")
            if target.startswith("/"):
                part = target.lstrip("/")
            else:
                part = posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id", "")] = (element.get("Type", ""), part)
        return found

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        workbook = next(
            (
                part
                for kind, part in self.relations("").values()
                if kind.endswith("/officeDocument")
            ),
            "xl/workbook.xml",
        )
        if workbook not in self.names:
            raise _file_error("tabular.unreadable", self.path, reason=t("tabular.no_sheet"))
        root = self.parse(workbook)
        date1904 = False
        first: str | None = None
        for element in root.iter():
            tag = _local(element.tag)
            if tag == "workbookPr":
                date1904 = element.get("date1904", "") in ("1", "true")
            elif tag == "sheet" and first is None:
                first = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        relations = self.relations(workbook)
        sheet = relations.get(first or "", ("", ""))[1]
        if sheet not in self.names:
            raise _file_error("tabular.unreadable", self.path, reason=t("tabular.no_sheet"))
        by_kind = {kind.rpartition("/")[2]: part for kind, part in relations.values()}
        strings_part = by_kind.get("sharedStrings")
        strings = self.shared_strings(strings_part) if strings_part in self.names else []
        styles_part = by_kind.get("styles")
        dates = self.date_styles(styles_part) if styles_part in self.names else frozenset()
        yield from self.sheet_rows(sheet, strings, dates, date1904)

    def shared_strings(self, name: str | None) -> list[str]:
        from xml.etree import ElementTree

        assert name is not None
        strings: list[str] = []
        with self.open(name, _MAX_STRINGS_XML) as stream:
            for _, element in ElementTree.iterparse(stream):
                if _local(element.tag) == "si":
                    strings.append(_unescape(_string_item(element)))
                    element.clear()
        return strings

    def date_styles(self, name: str | None) -> frozenset[int]:
        assert name is not None
        root = self.parse(name)
        codes: dict[int, str] = {}
        formats: list[int] = []
        for element in root:
            tag = _local(element.tag)
            if tag == "numFmts":
                for item in element:
                    codes[_int(item.get("numFmtId"), -1)] = item.get("formatCode", "")
            elif tag == "cellXfs":
                formats.extend(_int(item.get("numFmtId"), 0) for item in element)
        return frozenset(
            index
            for index, number_format in enumerate(formats)
            if _is_date_format(number_format, codes.get(number_format))
        )

    def sheet_rows(
        self, name: str, strings: list[str], dates: frozenset[int], date1904: bool
    ) -> Iterator[tuple[int, list[str]]]:
        from xml.etree import ElementTree

        with self.open(name, _MAX_SHEET_XML) as stream:
            sheet_data: Any = None
            number = 0
            cells: list[str] = []
            column = 0
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "row":
                        number = _int(element.get("r"), number + 1)
                        cells, column = [], 0
                    elif tag == "sheetData":
                        sheet_data = element
                    continue
                if tag == "c":
                    ref = element.get("r")
                    column = _column_index(ref) if ref else column
                    value = self.cell(
                        element,
                        ref or f"{_column_letters(column)}{number}",
                        strings,
                        dates,
                        date1904,
                    )
                    if value:
                        if column >= MAX_COLUMNS:
                            raise _file_error(
                                "tabular.too_many_columns", self.path, line=number, max=MAX_COLUMNS
                            )
                        if column >= len(cells):
                            cells.extend([""] * (column + 1 - len(cells)))
                        cells[column] = value
                    column += 1
                elif tag == "row":
                    yield number, cells
                    if sheet_data is not None:
                        sheet_data.clear()

    def cell(
        self, element: Any, ref: str, strings: list[str], dates: frozenset[int], date1904: bool
    ) -> str:
        kind = element.get("t", "n")
        value: str | None = None
        inline: Any = None
        for child in element:
            tag = _local(child.tag)
            if tag == "f":
                raise _file_error("tabular.formula", self.path, cell=ref)
            if tag == "v":
                value = child.text
            elif tag == "is":
                inline = child
        if kind == "inlineStr":
            return _unescape(_string_item(inline)) if inline is not None else ""
        if value is None:
            return ""
        if kind == "s":
            index = _int(value, -1)
            if not 0 <= index < len(strings):
                raise _file_error("tabular.bad_cell", self.path, cell=ref)
            return strings[index]
        if kind == "str":
            return _unescape(value)
        if kind == "b":
            return "true" if value.strip() == "1" else "false"
        if kind == "e":
            raise _file_error("tabular.error_cell", self.path, cell=ref, value=value)
        if kind == "d":
            return value[:10] if value.endswith(("T00:00:00", "T00:00:00Z")) else value
        try:
            number = float(value)
        except ValueError:
            raise _file_error("tabular.bad_cell", self.path, cell=ref) from None
        if _int(element.get("s"), -1) in dates:
            return _serial_date(number, date1904)
        return _number_text(number)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _string_item(element: Any) -> str:
    """The text of a shared or inline string: its runs, without phonetic guides."""
    parts: list[str] = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(sub.text or "" for sub in child if _local(sub.tag) == "t")
    return "".join(parts)


def _xlsx_cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    import zipfile
    import zlib
    from xml.etree import ElementTree

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _file_error("tabular.not_xlsx", path) from err
    with archive:
        try:
            yield from _Workbook(path, archive).rows()
        except (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, KeyError, EOFError) as err:
            raise _file_error("tabular.not_xlsx", path) from err
        except OSError as err:
            raise _file_error("tabular.unreadable", path, reason=err.strerror or str(err)) from err


# --------------------------------------------------------------------------- writing


def _fixed(value: float | Decimal) -> str:
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    return str(number.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP))


def _text(value: str) -> str:
    return neutralise(printable(value))


def _csv_cell(value: object, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = _fixed(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, date):
        return value.isoformat()
    return _text(value if isinstance(value, str) else str(value))


def render_table(rows: Sequence[Mapping[str, Any]], fields: Sequence[str], fmt: str) -> bytes:
    """``rows`` (only ``fields``, in that order) as the bytes of a ``fmt`` file.

    csv: UTF-8, ``,``, ``.`` decimals, LF.  csv-excel: UTF-8 with a BOM, ``;``,
    decimal comma, CRLF, as Excel in the Indonesian locale reads and writes.
    json: a list of objects keeping numbers, booleans and ``None``.  xlsx: one
    sheet, text as text.  Non-whole numbers have two decimals everywhere; text
    shows control characters as U+FFFD and is ``neutralise``-d except in json.
    """
    if fmt not in FORMATS:
        raise ValidationError(
            "tabular.unknown_format", field="format", fmt=fmt, options=", ".join(FORMATS)
        )
    if fmt == "json":
        return _render_json(rows, fields)
    if fmt == "xlsx":
        return _render_xlsx(rows, fields)
    excel = fmt == "csv-excel"
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow([_text(name) for name in fields])
    for row in rows:
        writer.writerow([_csv_cell(row.get(name), excel) for name in fields])
    text = buffer.getvalue()
    return ("\ufeff" + text if excel else text).encode("utf-8")


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _render_json(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> bytes:
    data = [{name: _json_value(row.get(name)) for name in fields} for row in rows]
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _render_xlsx(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> bytes:
    import xlsxwriter  # heavy: imported only when a workbook is written

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    try:
        sheet = workbook.add_worksheet()
        bold = workbook.add_format({"bold": True})
        two_places = workbook.add_format({"num_format": "0.00"})
        for col, name in enumerate(fields):
            sheet.write_string(0, col, _text(name), bold)
        for row_index, row in enumerate(rows, start=1):
            for col, name in enumerate(fields):
                value = row.get(name)
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_string(row_index, col, "ya" if value else "tidak")
                elif isinstance(value, int) and abs(value) < _EXACT_FLOAT_LIMIT:
                    sheet.write_number(row_index, col, value)
                elif isinstance(value, float | Decimal):
                    sheet.write_number(row_index, col, float(_fixed(value)), two_places)
                elif isinstance(value, date):
                    sheet.write_string(row_index, col, value.isoformat())
                else:
                    # write_string, never write(): a generic write turns "=..." into a formula.
                    sheet.write_string(row_index, col, _text(str(value)))
        sheet.freeze_panes(1, 0)
        sheet.autofit()
    finally:
        workbook.close()
    return buffer.getvalue()


def write_table(
    rows: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    fmt: str,
    out: Path | str,
    *,
    force: bool = False,
) -> Path:
    """Render and write a table to ``out`` through ``outfile.write_file`` (see there)."""
    from models.outfile import write_file

    return write_file(out, render_table(rows, fields, fmt), force=force)
