"""Finding an employee by what a clerk types: words of the name, unit or post, or the NIP.

Every list that narrows as the clerk types (the register, the pickers, the ranking)
uses this one rule: each typed word must appear somewhere in the employee's text,
case-insensitively; digits typed in groups ("19860926 201505 1 001") also find the NIP
they spell, with or without the spaces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from models.employee import display_name
from models.nip import format_nip

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Query:
    """A typed search, split into words once."""

    words: tuple[str, ...]
    digits: str
    """The words run together when they are all digits (a NIP typed in groups), else ""."""

    def __bool__(self) -> bool:
        return bool(self.words)


def parse_query(text: str) -> Query:
    words = tuple(text.casefold().split())
    joined = "".join(words)
    return Query(words, joined if joined.isdigit() else "")


def search_text(*parts: object) -> str:
    """The lower-case text the typed words are looked for in."""
    return " ".join(str(part) for part in parts if part).casefold()


def employee_text(emp: Mapping[str, Any]) -> str:
    """An employee's searchable text: name with titles, NIP in both forms, post, unit, grade."""
    nip = str(emp.get("nip", ""))
    return search_text(
        display_name(emp),
        nip,
        format_nip(nip),
        emp.get("jabatan", ""),
        emp.get("unit", ""),
        emp.get("golongan", ""),
    )


def search(
    items: Sequence[T],
    query: Query,
    text: Callable[[T], str],
    nip: Callable[[T], str],
) -> list[T]:
    """The items ``query`` finds, in their order.

    Each word narrows the list in one pass, so typing in an office of thousands stays
    within a frame.  Digits typed in groups also find the NIP they spell.
    """
    if not query:
        return list(items)
    narrowed = list(items)
    for word in query.words:
        narrowed = [item for item in narrowed if word in text(item)]
    if len(query.words) > 1 and query.digits:
        found = {nip(item) for item in narrowed}
        digits = query.digits
        return [item for item in items if nip(item) in found or digits in nip(item)]
    return narrowed
