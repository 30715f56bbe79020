"""Every screen's keys, read from one table: ``tui/keys.json`` (ARCHITECTURE.md, "Keys").

Each screen, section or view names its entry (``BINDINGS = keys("pegawai")``) and
the table holds its keys in the order the key bar and F1 show them.  A key is
``{"key", "action", "help", "id"}`` plus, where they apply, ``"hidden": true``
(left off the key bar, still listed in F1), ``"priority": true`` (wins over the
focused widget) and ``"display"`` (how the key is written, e.g. ``"^z"``).
``help`` is a catalog key (``tui/locale``); ``id`` is what the app's keymap uses
to give a key another letter in another language.

The table is plain data so that a newcomer finds every key in one place and the
tests can check all of them at once (every action exists, every help text is in
both languages, no key is bound twice on one screen).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson
from textual.binding import Binding, BindingType

FIELDS = frozenset({"key", "action", "help", "id", "hidden", "priority", "display"})
"""What a key in the table may say."""


@cache
def table() -> dict[str, list[dict[str, Any]]]:
    """The whole table, read once."""
    data: dict[str, list[dict[str, Any]]] = orjson.loads(
        Path(__file__).with_name("keys.json").read_bytes()
    )
    return data


def keys(name: str) -> list[BindingType]:
    """The bindings of the screen, section or view called ``name`` in the table."""
    return [
        Binding(
            entry["key"],
            entry["action"],
            entry.get("help", ""),
            show=not entry.get("hidden", False),
            key_display=entry.get("display"),
            priority=entry.get("priority", False),
            id=entry.get("id"),
        )
        for entry in table()[name]
    ]
