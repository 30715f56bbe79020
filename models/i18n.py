"""Message catalogs (Bahasa Indonesia and English) shared by the CLI and the TUI.

Catalogs are JSON files under ``models/locale/<lang>/``; each module owns one
file so keys stay close to the code that uses them.  Keys are unique across
files; a test checks that both languages define exactly the same keys.
"""

from __future__ import annotations

import os
import string
from functools import cache
from pathlib import Path

import orjson

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_LOCALE_DIRS: list[Path] = [Path(__file__).with_name("locale")]

_current = DEFAULT_LANGUAGE


def add_catalog_dir(directory: Path) -> None:
    """Let another package (the TUI) contribute its own catalog files."""
    if directory not in _LOCALE_DIRS:
        _LOCALE_DIRS.append(directory)
        catalog.cache_clear()


def catalog_files(lang: str) -> list[Path]:
    return [p for d in _LOCALE_DIRS for p in sorted((d / lang).glob("*.json"))]


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, merged from every catalog file."""
    merged: dict[str, str] = {}
    for path in catalog_files(lang):
        merged.update(orjson.loads(path.read_bytes()))
    return merged


def resolve_language(cli_value: str | None = None) -> str:
    """``--lang`` first, then ``$KINERJA_LANG``, then Indonesian."""
    lang = cli_value or os.environ.get("KINERJA_LANG") or DEFAULT_LANGUAGE
    lang = lang.strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def get_language() -> str:
    return _current


class _PluralFormatter(string.Formatter):
    """``{count:workshop|workshops}`` is "1 workshop" or "3 workshops": a number and the
    word that agrees with it (English needs it; Indonesian words do not change)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec and isinstance(value, int):
            one, other = format_spec.split("|", 1)
            return f"{value} {one if value == 1 else other}"
        return format(value, format_spec)


_PLURAL = _PluralFormatter()


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, formatted with ``params``.

    A missing key falls back to the other language, then to the key itself, so
    a clerk never sees a crash because of a catalog gap (the catalog test
    catches gaps before release).
    """
    text = catalog(_current).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if not params:
        return text
    try:
        if "|" in text:
            return str(_PLURAL.format(text, **params))
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
