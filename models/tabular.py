"""Spreadsheet-shaped files: reading CSV/XLSX imports and writing CSV/JSON/XLSX exports.

Clerks move data through Excel, so reading is forgiving about what Excel
produces (a BOM, ``;`` as separator, ANSI encoding, header case, numbers
instead of text), and writing protects Excel users from formula injection.
Every export is written to a temporary file and renamed into place, so an
interrupted export never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import io
import math
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import orjson

from models.errors import KinerjaError, ValidationError

Row = dict[str, str]
Format = Literal["csv", "json", "xlsx"]
FORMATS: tuple[str, ...] = ("csv", "json", "xlsx")

# Characters that make a spreadsheet treat a cell as a formula (or start one
# after a tab / carriage return).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
# Doubles hold integers exactly only up to 2**53; a larger number read from a
# workbook has already lost digits (Excel keeps 15), so it must not pass as a NIP.
_EXACT_FLOAT_LIMIT = 2**53

T = TypeVar("T")


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: T) -> T: ...
def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe.

    Numbers and other non-text values are returned unchanged.  Text that
    already starts with apostrophes before a formula character gets one more,
    so ``unneutralise`` can always restore the original exactly.
    """
    if isinstance(value, str) and value.lstrip(_QUOTE).startswith(_FORMULA_STARTS):
        return _QUOTE + value
    return value


def unneutralise(text: str) -> str:
    """Undo ``neutralise``: drop the apostrophe it put before a formula character."""
    if text.startswith(_QUOTE) and text.lstrip(_QUOTE).startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def _file_error(key: str, path: Path, **params: object) -> ValidationError:
    return ValidationError(key, field="file", path=str(path), **params)


def read_table(path: Path | str) -> list[tuple[int, Row]]:
    """The data rows of a CSV or XLSX file as ``(line_number, {column: text})`` pairs.

    Column names are stripped and lower-cased; the header is line 1, and
    line numbers are those a clerk sees in a text editor (CSV) or in Excel
    (XLSX).  Blank rows are skipped; short rows are padded with ``""``.
    Cell text is returned as written, except that an apostrophe added by
    ``neutralise`` on export is removed again.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _file_error("tabular.unsupported_format", path, suffix=path.suffix or path.name)
    if not path.is_file():
        raise _file_error("tabular.not_found", path)
    raw = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    return _rows_from_cells(path, raw)


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _file_error("tabular.unreadable", path, reason=err.strerror or str(err)) from err
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" format saves in the Windows ANSI code page.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _file_error("tabular.encoding", path) from None

    first_line, _, rest = text.partition("\n")
    offset = 0
    delimiter = ""
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's "sep=;" hint line names the separator and is not the header.
        delimiter = first_line.strip()[4]
        text, offset = rest, 1
        first_line = text.partition("\n")[0]
    if not delimiter:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        while True:
            start = reader.line_num + 1 + offset
            try:
                cells = next(reader)
            except StopIteration:
                break
            rows.append((start, cells))
    except csv.Error as err:
        raise _file_error("tabular.unreadable", path, reason=str(err)) from err
    return rows


def _cell_text(value: object) -> str:
    """A workbook cell as the text the clerk sees, without spurious ``.0`` on whole numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl  # heavy: imported only when a workbook is read

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise _file_error(
            "tabular.unreadable", path, reason=str(err) or type(err).__name__
        ) from err
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _rows_from_cells(path: Path, raw: list[tuple[int, list[str]]]) -> list[tuple[int, Row]]:
    """Pair each data row with the header; reject layouts that would misalign columns."""
    filled = [(line, cells) for line, cells in raw if any(cell.strip() for cell in cells)]
    if not filled:
        raise _file_error("tabular.empty", path)
    _, header_cells = filled[0]
    header = [cell.strip().lower() for cell in header_cells]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise _file_error("tabular.duplicate_column", path, column=name)
        seen.add(name)

    rows: list[tuple[int, Row]] = []
    for line, cells in filled[1:]:
        extra = cells[len(header) :]
        if any(cell.strip() for cell in extra):
            raise _file_error("tabular.extra_cells", path, line=line)
        row: Row = {}
        for index, name in enumerate(header):
            if name:
                row[name] = unneutralise(cells[index]) if index < len(cells) else ""
        rows.append((line, row))
    return rows


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value if isinstance(value, str) else str(value))


def write_table(
    rows: Sequence[Mapping[str, Any]], fields: Sequence[str], fmt: str, out: Path | str
) -> None:
    """Write ``rows`` (only ``fields``, in that order) to ``out`` as csv, json or xlsx.

    csv: UTF-8 with a header row; booleans as ``ya``/``tidak``.  json: a list
    of objects keeping numbers, booleans and ``None`` as JSON values.  xlsx:
    one sheet, text as text, numbers and booleans as native cells.  Text in
    csv and xlsx is passed through ``neutralise``.  The file is replaced
    atomically: on any failure the previous file, if any, is left untouched.
    """
    out = Path(out)
    if fmt not in FORMATS:
        raise ValidationError(
            "tabular.unknown_format", field="format", fmt=fmt, options=", ".join(FORMATS)
        )
    writer: Callable[[Sequence[Mapping[str, Any]], Sequence[str], Path], None]
    writer = {"csv": _write_csv, "json": _write_json, "xlsx": _write_xlsx}[fmt]
    _atomic_write(out, lambda tmp: writer(rows, fields, tmp))


def _atomic_write(out: Path, produce: Callable[[Path], None]) -> None:
    """Let ``produce`` write a sibling temporary file, then rename it over ``out``."""
    directory = out.parent if str(out.parent) else Path(".")
    tmp = directory / f".{out.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666 with O_EXCL: the umask gives the export the user's usual permissions.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        produce(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise KinerjaError(
            "tabular.write_failed", path=str(out), reason=err.strerror or str(err)
        ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str], tmp: Path) -> None:
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_csv_cell(row.get(field)) for field in fields])


def _write_json(rows: Sequence[Mapping[str, Any]], fields: Sequence[str], tmp: Path) -> None:
    data = [{field: row.get(field) for field in fields} for row in rows]
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))


def _write_xlsx(rows: Sequence[Mapping[str, Any]], fields: Sequence[str], tmp: Path) -> None:
    import xlsxwriter  # heavy: imported only when a workbook is written

    workbook = xlsxwriter.Workbook(str(tmp))
    try:
        sheet = workbook.add_worksheet()
        bold = workbook.add_format({"bold": True})
        for col, field in enumerate(fields):
            sheet.write_string(0, col, field, bold)
        for row_index, row in enumerate(rows, start=1):
            for col, field in enumerate(fields):
                _write_xlsx_cell(sheet, row_index, col, row.get(field))
        sheet.freeze_panes(1, 0)
        sheet.autofit()
    finally:
        workbook.close()


def _write_xlsx_cell(sheet: Any, row: int, col: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float) and abs(value) < _EXACT_FLOAT_LIMIT:
        sheet.write_number(row, col, value)
    elif isinstance(value, date):
        sheet.write_string(row, col, value.isoformat())
    else:
        # Explicit write_string: a generic write() would turn "=..." into a formula.
        sheet.write_string(row, col, neutralise(str(value)))
