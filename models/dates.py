"""Dates and numbers as clerks type and read them.

Input is strict on purpose: a date typed from a paper form is accepted only when
it can mean exactly one day (day first, four-digit year, a real calendar day), so
a slip never turns silently into a wrong but plausible date.  Output follows the
Indonesian conventions of official letters ("27 November 2026", "85,40") through
Babel, which is imported only when something is first formatted.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from models.errors import ValidationError

MIN_YEAR = 1900
MAX_YEAR = 2100
"""Years outside this range are typing slips (0226, 20266) rather than real dates."""

# Indonesian names (with the older spellings Pebruari/Nopember still seen on
# forms) and English names, all lower case; abbreviations may end with a dot.
_MONTH_NAMES: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    "december": 12,
    "dec": 12,
}

# Year first is never ambiguous, so ISO also accepts "/" and "." (2026/11/27).
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})", re.ASCII)
# Day first, one separator used throughout; the year part is checked afterwards
# so that two-digit years get their own explanation.
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d+)", re.ASCII)
_NUMERIC_NO_YEAR = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2?", re.ASCII)
# "27 Nov 2026", "27-Nov-2026", "27 Nov. 2026", "27 November 2026".
_DAY_NAME_YEAR = re.compile(r"(\d{1,2})[\s.\-/]*([^\W\d_]+)\.?[\s.\-/,]*(\d+)", re.ASCII)
# "November 27, 2026" (English order): unambiguous because the month is a word.
_NAME_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s*(\d{1,2}),?\s+(\d+)", re.ASCII)
_DAY_NAME = re.compile(r"(\d{1,2})[\s.\-/]*([^\W\d_]+)\.?", re.ASCII)


def parse_date(text: str, *, field: str | None = None) -> dt.date:
    """The one calendar day a clerk meant, or a ValidationError saying what is wrong.

    Accepted: DD-MM-YYYY and D-M-YYYY with "-", "/" or "." (one separator used
    throughout), "27 Nov 2026" / "27 November 2026" with Indonesian or English month
    names and abbreviations, "November 27, 2026", and ISO YYYY-MM-DD.  Rejected
    with a specific message: two-digit or missing years, month-first numeric dates
    (11-27-2026), days that do not exist (31-02-2026) and anything else.
    """
    raw = " ".join(str(text).split())
    if not raw:
        raise ValidationError("dates.empty", field=field)

    if m := _ISO.fullmatch(raw):
        return _build(raw, int(m[1]), int(m[3]), int(m[4]), m[1], field)

    if m := _NUMERIC.fullmatch(raw):
        day, month, year_text = int(m[1]), int(m[3]), m[4]
        _check_year_digits(raw, year_text, field)
        if month > 12 and 1 <= day <= 12 and month <= 31:
            suggestion = f"{month:02d}-{day:02d}-{year_text}"
            raise ValidationError("dates.month_first", field=field, text=raw, suggestion=suggestion)
        if not 1 <= month <= 12:
            raise ValidationError("dates.month_invalid", field=field, text=raw, month=month)
        return _build(raw, int(year_text), month, day, year_text, field)

    if m := _DAY_NAME_YEAR.fullmatch(raw):
        month = _month_from_name(m[2], field)
        _check_year_digits(raw, m[3], field)
        return _build(raw, int(m[3]), month, int(m[1]), m[3], field)

    if m := _NAME_DAY_YEAR.fullmatch(raw):
        month = _month_from_name(m[1], field)
        _check_year_digits(raw, m[3], field)
        return _build(raw, int(m[3]), month, int(m[2]), m[3], field)

    if _NUMERIC_NO_YEAR.fullmatch(raw) or (
        (m := _DAY_NAME.fullmatch(raw)) and m[2].lower() in _MONTH_NAMES
    ):
        raise ValidationError("dates.year_missing", field=field, text=raw)

    raise ValidationError("dates.format_unknown", field=field, text=raw)


def _month_from_name(name: str, field: str | None) -> int:
    month = _MONTH_NAMES.get(name.lower())
    if month is None:
        raise ValidationError("dates.month_name_unknown", field=field, name=name)
    return month


def _check_year_digits(raw: str, year_text: str, field: str | None) -> None:
    if len(year_text) == 2:
        raise ValidationError("dates.year_two_digit", field=field, text=raw, year=year_text)
    if len(year_text) != 4:
        raise ValidationError("dates.format_unknown", field=field, text=raw)


def _build(raw: str, year: int, month: int, day: int, year_text: str, field: str | None) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            "dates.year_out_of_range",
            field=field,
            year=year_text,
            min=MIN_YEAR,
            max=MAX_YEAR,
        )
    if not 1 <= month <= 12:
        raise ValidationError("dates.month_invalid", field=field, text=raw, month=month)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError("dates.impossible", field=field, text=raw) from None


def parse_iso(value: str, *, field: str | None = None) -> dt.date:
    """A stored ISO date ("2026-11-27"); anything else is a damaged record."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError("dates.iso_invalid", field=field, text=value) from None


def format_date_short(d: dt.date) -> str:
    """27-11-2026: the form clerks type, used in tables and CSV."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def format_date_long(d: dt.date, lang: str = "id") -> str:
    """27 November 2026 (Indonesian month names for "id", English for "en")."""
    return _babel_date(d, "d MMMM y", _locale(lang))


def format_datetime(moment: dt.datetime, lang: str = "id") -> str:
    """27 November 2026 09.05.03 (id) / 27 November 2026 09:05:03 (en), for audit lines.

    Times are shown on the 24-hour clock in both languages, as in office logs.
    """
    pattern = "d MMMM y HH.mm.ss" if _locale(lang) == "id" else "d MMMM y HH:mm:ss"
    return _babel_datetime(moment, pattern, _locale(lang))


def format_decimal(x: float | int | Decimal | str, lang: str = "id", places: int = 2) -> str:
    """85,40 (id) / 85.40 (en), rounded half-up like the scoring rules, with grouping."""
    if places < 0:
        raise ValueError("places must be >= 0")
    try:
        value = x if isinstance(x, Decimal) else Decimal(str(x))
    except InvalidOperation:
        raise ValueError(f"not a number: {x!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {x!r}")
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return _babel_decimal(rounded, pattern, _locale(lang))


def _locale(lang: str) -> str:
    return "en" if lang.lower().startswith("en") else "id"


@cache
def _babel() -> tuple[Any, Any, Any]:
    """Babel's formatters, imported on first use to keep start-up fast."""
    from babel.dates import format_date, format_datetime
    from babel.numbers import format_decimal

    return format_date, format_datetime, format_decimal


@lru_cache(maxsize=4096)
def _babel_date(d: dt.date, pattern: str, locale: str) -> str:
    # Cached: tables repeat the same few dates on every refresh.
    return str(_babel()[0](d, pattern, locale=locale))


def _babel_datetime(moment: dt.datetime, pattern: str, locale: str) -> str:
    return str(_babel()[1](moment, pattern, locale=locale))


def _babel_decimal(value: Decimal, pattern: str, locale: str) -> str:
    return str(_babel()[2](value, pattern, locale=locale, decimal_quantization=True))


# --------------------------------------------------------------------------- numbers shown


def format_number(x: float | int | Decimal | Fraction, lang: str, max_places: int = 2) -> str:
    """A number with at most ``max_places`` decimals and no trailing zeros: 30, 12,5, 14,29."""
    value = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else x
    text = format_decimal(value, lang, max_places)
    if max_places:
        separator = "," if _locale(lang) == "id" else "."
        text = text.rstrip("0").removesuffix(separator)
    return text


def format_weight(weight: float | int | Decimal | Fraction, lang: str) -> str:
    """A weight as clerks type it: 30, 12,5 (comma decimals in Indonesian)."""
    return format_number(weight, lang, 2)


def format_share(share: float | Decimal | Fraction, lang: str) -> str:
    """A fraction of a whole as a percentage with at most one decimal: 0.3 -> 30%, 1/7 -> 14,3%."""
    return format_number(share * 100, lang, 1) + "%"


# --------------------------------------------------------------------------- days and times


def _pattern_date(day: dt.date, pattern: str, lang: str) -> str:
    return _babel_date(day, pattern, _locale(lang))


def format_day_long(day: dt.date, lang: str) -> str:
    """ "Selasa, 3 November 2026": a session's day as a letter would name it."""
    return _pattern_date(day, "EEEE, d MMMM y", lang)


def format_day_weekday(day: dt.date, lang: str) -> str:
    """ "Sel, 3 November 2026": the long form with a short weekday, for narrow columns."""
    return _pattern_date(day, "EEE, d MMMM y", lang)


def format_day_short(day: dt.date, lang: str) -> str:
    """ "Sel 03-11-2026": compact, with the weekday so a wrong repeat rule stands out."""
    return _pattern_date(day, "EEE dd-MM-y", lang)


def format_day_medium(day: dt.date, lang: str) -> str:
    """ "3 Nov 2026": a first date in a list."""
    return _pattern_date(day, "d MMM y", lang)


def format_clock(moment: dt.datetime | dt.time, lang: str) -> str:
    """09.00 in Indonesian, 09:00 in English."""
    separator = "." if _locale(lang) == "id" else ":"
    return f"{moment.hour:02d}{separator}{moment.minute:02d}"


def format_moment(moment: dt.datetime, lang: str) -> str:
    """A session time as clerks write it: "3 Desember 2026 09.00" (or English)."""
    return f"{format_date_long(moment.date(), lang)} {format_clock(moment, lang)}"
