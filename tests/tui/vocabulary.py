"""The words of each language's catalogs, to find a word of the other language on screen.

A word counts as Indonesian when the Indonesian catalogs use it and the English ones do
not (and the other way round); words both use (NIP, JP, Status, Workshop, codes such as
``atasan`` in an English message about a CSV column) say nothing about the language.
The English manual's glossary lists Indonesian words on purpose, so it is left out of
the English vocabulary and allowed only on the Bantuan screen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIRS = (ROOT / "models" / "locale", ROOT / "tui" / "locale")

GLOSSARY_KEYS = frozenset({"bantuan.glossary"})
"""Messages that quote the other language on purpose."""
CLI_PREFIX = "cli."
"""The command line's messages: never on a screen, and they quote codes of both kinds."""

_MARKUP = re.compile(r"\[/?[a-z ]*\]")
_FIELD = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[^\W\d_]{3,}")


def words(text: str) -> set[str]:
    """Words of three letters or more, lower case, without markup and ``{fields}``."""
    return {w.casefold() for w in _WORD.findall(_FIELD.sub(" ", _MARKUP.sub(" ", text)))}


@cache
def catalog(lang: str) -> Mapping[str, str]:
    merged: dict[str, str] = {}
    for directory in CATALOG_DIRS:
        for path in sorted((directory / lang).glob("*.json")):
            merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


@cache
def vocabulary(lang: str) -> frozenset[str]:
    """Every word the screens of ``lang`` may show (the glossary and CLI left out)."""
    found: set[str] = set()
    for key, text in catalog(lang).items():
        if key not in GLOSSARY_KEYS and not key.startswith(CLI_PREFIX):
            found |= words(text)
    return frozenset(found)


@cache
def glossary(lang: str) -> frozenset[str]:
    return frozenset(w for key in GLOSSARY_KEYS for w in words(catalog(lang)[key]))


@cache
def foreign(lang: str) -> frozenset[str]:
    """Words only the other language's catalogs use."""
    other = "en" if lang == "id" else "id"
    every_other = frozenset(w for text in catalog(other).values() for w in words(text))
    return every_other - vocabulary(lang) - glossary(lang)


def data_words(tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> frozenset[str]:
    """Words of the office's own text (names, units, positions, titles, places, notes).

    Criteria are left out: a preset criterion is shown in the clerk's language."""
    found: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, str):
            found.update(words(value))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if key != "kriteria":
                    collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    for name, records in tables.items():
        if name != "ratings":
            collect(list(records))
    return frozenset(found)


_CUT = re.compile(r"[^\W\d_]+…")


def misplaced(shown: str, lang: str, allowed: frozenset[str]) -> list[str]:
    """The words of ``shown`` that belong to the other language (and to no data).

    A word cut short with "…" (a long unit name in a narrow column) is left out."""
    return sorted((words(_CUT.sub(" ", shown)) & foreign(lang)) - allowed)
