"""What differs between the clerk's unsaved form and the version another clerk saved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

HIDDEN = frozenset({"id", "rev"})


def differences(
    mine: Mapping[str, Any], theirs: Mapping[str, Any], fields: Iterable[str] | None = None
) -> list[tuple[str, Any, Any]]:
    """(field, my value, their value) for every field where the two versions disagree."""
    names = list(fields) if fields is not None else sorted((set(mine) | set(theirs)) - HIDDEN)
    return [
        (name, mine.get(name), theirs.get(name))
        for name in names
        if name not in HIDDEN and mine.get(name) != theirs.get(name)
    ]


def show_value(value: Any) -> str:
    """A short, readable form of a stored value for the conflict table."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(show_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show_value(v)}" for k, v in value.items()) or "—"
    return str(value)
