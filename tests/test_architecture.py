"""The domain package stays importable without Textual, and the catalogs stay complete."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import models
from models import i18n

ROOT = Path(__file__).resolve().parent.parent


def test_models_never_import_textual() -> None:
    names = [f"models.{m.name}" for m in pkgutil.iter_modules(models.__path__)]
    assert "models.office" in names and "models.store" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_cli_subcommands_start_without_textual() -> None:
    code = "import sys, tui.cli; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _keys(directory: Path, lang: str) -> dict[str, set[str]]:
    return {
        p.name: set(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((directory / lang).glob("*.json"))
    }


def test_catalogs_define_the_same_keys_in_both_languages() -> None:
    for directory in (ROOT / "models" / "locale", ROOT / "tui" / "locale"):
        indonesian = _keys(directory, "id")
        english = _keys(directory, "en")
        assert indonesian.keys() == english.keys(), directory
        for name in indonesian:
            missing_en = indonesian[name] - english[name]
            missing_id = english[name] - indonesian[name]
            assert not missing_en, f"{directory}/en/{name} lacks {sorted(missing_en)}"
            assert not missing_id, f"{directory}/id/{name} lacks {sorted(missing_id)}"


def test_catalog_keys_are_unique_across_files() -> None:
    for lang in i18n.LANGUAGES:
        seen: dict[str, str] = {}
        for directory in (ROOT / "models" / "locale", ROOT / "tui" / "locale"):
            for name, keys in _keys(directory, lang).items():
                for key in keys:
                    assert key not in seen, f"{key} in both {seen[key]} and {name}"
                    seen[key] = name


def test_every_key_used_in_code_exists() -> None:
    """Literal keys passed to t(), errors and bindings must be in the Indonesian catalog."""
    import re

    i18n.add_catalog_dir(ROOT / "tui" / "locale")
    known = set(i18n.catalog("id"))
    pattern = re.compile(r"""(?:\bt|Error|KinerjaError)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    missing: list[str] = []
    for path in list((ROOT / "models").rglob("*.py")) + list((ROOT / "tui").rglob("*.py")):
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in known:
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_translation_switches_language() -> None:
    i18n.set_language("en")
    assert i18n.t("office.period_not_found", kode="X") == "Period X not found."
    i18n.set_language("id")
    assert i18n.t("office.period_not_found", kode="X") == "Periode X tidak ditemukan."


# ------------------------------------------------------------ structure (ARCHITECTURE.md)


def _import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("tui", "models", exclude_type_checking_imports=True)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    """Imports inside functions count too; only ``if TYPE_CHECKING`` imports are left out."""
    assert _cycles(_import_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_screens_never_import_another_screen() -> None:
    """Screens ask the app through tui/messages.py; they share only tui/dialogs and widgets."""
    edges = _import_graph()
    screens = {
        m.split(".")[2]
        for m in edges
        if m.startswith("tui.screens.") and m.split(".")[2] not in ("base", "navigation")
    }

    def screen_of(module: str) -> str | None:
        parts = module.split(".")
        if len(parts) < 3 or parts[:2] != ["tui", "screens"]:
            return None
        name = parts[2].removesuffix("_dialogs")
        return name if name in screens else None

    crossing = [
        f"{module} -> {target}"
        for module, targets in edges.items()
        for target in targets
        if screen_of(module) and screen_of(target) and screen_of(module) != screen_of(target)
    ]
    assert crossing == []


def test_no_class_in_the_tui_is_over_400_lines() -> None:
    import ast

    long = []
    for path in (ROOT / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > 400:
                    long.append(f"{path.relative_to(ROOT)}:{node.name} {lines}")
    assert long == []


def test_every_modal_is_built_on_the_dialog_kit() -> None:
    """Only tui/dialogs/base.py subclasses ModalScreen: every modal shares its look and keys."""
    import re

    direct = []
    for path in (ROOT / "tui").rglob("*.py"):
        for name in re.findall(r"class (\w+)\(ModalScreen\[", path.read_text(encoding="utf-8")):
            direct.append(f"{path.relative_to(ROOT)}:{name}")
    assert sorted(direct) == ["tui/dialogs/base.py:Dialog"]
