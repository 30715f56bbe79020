"""The key table (``tui/keys.json``): every key it names is real, explained and unique."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from textual.binding import Binding

from models.i18n import catalog
from tui import keys as key_table
from tui.app import KinerjaApp  # registers the TUI catalogs
from tui.keys import FIELDS, keys, table

TUI = Path(key_table.__file__).parent


def _users() -> dict[str, list[tuple[str, str]]]:
    """Entry name -> the (module, class) whose BINDINGS read it, found in the source."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(TUI.rglob("*.py")):
        module = ".".join(path.relative_to(TUI.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == "keys"
                    and isinstance(call.args[0], ast.Constant)
                ):
                    found.setdefault(str(call.args[0].value), []).append((module, node.name))
    return found


USERS = _users()


def test_every_entry_is_read_by_exactly_one_class_and_every_read_entry_exists() -> None:
    assert set(USERS) == set(table())
    assert {name: len(users) for name, users in USERS.items()} == dict.fromkeys(table(), 1)


@pytest.mark.parametrize("name", sorted(table()))
def test_every_key_names_an_action_of_its_class(name: str) -> None:
    module, class_name = USERS[name][0]
    owner = getattr(importlib.import_module(module), class_name)
    for entry in table()[name]:
        assert set(entry) <= FIELDS, entry
        action = re.sub(r"\(.*\)$", "", entry["action"])
        target: type = owner
        if action.startswith("app."):
            target, action = KinerjaApp, action[4:]
        assert callable(getattr(target, f"action_{action}", None)), (name, entry["action"])


@pytest.mark.parametrize("name", sorted(table()))
def test_no_key_is_bound_twice_on_one_screen(name: str) -> None:
    bound = [k.strip() for entry in table()[name] for k in entry["key"].split(",")]
    assert len(bound) == len(set(bound)), bound
    ids = [entry["id"] for entry in table()[name] if "id" in entry]
    assert len(ids) == len(set(ids)), ids


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_key_shown_to_a_clerk_is_explained_in_both_languages(lang: str) -> None:
    messages = catalog(lang)
    missing = [
        (name, entry["help"])
        for name, entries in table().items()
        for entry in entries
        if entry.get("help") and entry["help"] not in messages
    ]
    assert missing == []
    unexplained = [
        (name, entry["key"])
        for name, entries in table().items()
        for entry in entries
        if not entry.get("hidden") and not entry.get("help")
    ]
    assert unexplained == []


def test_an_entry_becomes_the_bindings_it_describes() -> None:
    first = table()["penilaian"][0]
    binding = keys("penilaian")[0]
    assert isinstance(binding, Binding)
    assert (binding.key, binding.action, binding.description, binding.id) == (
        first["key"],
        first["action"],
        first["help"],
        first["id"],
    )
    assert binding.show is not first.get("hidden", False)
    assert binding.key_display == first.get("display")
    assert binding.priority is first.get("priority", False)
