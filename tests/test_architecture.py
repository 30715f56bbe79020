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
