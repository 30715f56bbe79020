"""The words for codes agree across the app, in each language, and messages read as typed.

Checks on the catalogs themselves: one word for each band, one date placeholder, keys
written as they are typed, English plurals, and the preset criteria in both languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import labels
from models.criteria import BERAKHLAK_CRITERIA, DEFAULT_CRITERIA, SCORE_LABELS, score_label
from models.i18n import LANGUAGES, add_catalog_dir, set_language, t
from models.scoring import PREDIKAT

ROOT = Path(__file__).resolve().parents[2]


def _catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for directory in (ROOT / "models" / "locale", ROOT / "tui" / "locale"):
        for path in sorted((directory / lang).glob("*.json")):
            merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    yield
    set_language("id")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_band_and_a_score_with_the_same_indonesian_words_read_the_same(lang: str) -> None:
    """Score 5 "Sangat Baik" and the band "Sangat Baik" are one word in English too."""
    set_language(lang)
    shared = {word: n for n, word in SCORE_LABELS.items() if word in PREDIKAT}
    assert set(shared) == {"Sangat Baik", "Baik", "Kurang", "Sangat Kurang"}
    for predikat, score in shared.items():
        assert score_label(score) == labels.predikat_label(predikat)
    if lang == "en":
        assert labels.predikat_label("Sangat Baik") == "Excellent"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_attendance_codes_are_single_distinct_letters(lang: str) -> None:
    set_language(lang)
    codes = [labels.attendance_code(status) for status in labels.ATTENDANCE]
    assert all(len(code) == 1 and code.islower() for code in codes)
    assert len(set(codes)) == len(codes)
    assert codes == (["h", "i", "s", "a"] if lang == "id" else ["p", "e", "s", "a"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_position_kind_has_a_label(lang: str) -> None:
    from models.golongan import JENIS_JABATAN

    set_language(lang)
    shown = [labels.position_kind_label(code) for code in JENIS_JABATAN]
    assert len(set(shown)) == len(JENIS_JABATAN)
    if lang == "id":
        assert shown == list(JENIS_JABATAN)
    else:
        assert shown[0] == "Executive staff (Pelaksana)"


def test_preset_criteria_read_in_the_clerks_language() -> None:
    presets = DEFAULT_CRITERIA + BERAKHLAK_CRITERIA
    indonesian = _catalog("id")
    for criterion in presets:
        # The Indonesian catalog holds the presets' own wording, which is how they are known.
        assert indonesian[f"label.criterion.{criterion['kode']}"] == criterion["nama"]
        for n, guide in enumerate(criterion["panduan"], start=1):
            assert indonesian[f"label.criterion_guide.{criterion['kode']}.{n}"] == guide
    komunikasi = DEFAULT_CRITERIA[2]
    set_language("en")
    assert labels.criterion_label(komunikasi) == "Communication skills"
    assert labels.criterion_short_label(komunikasi) == "Communication"
    assert labels.criterion_guides(BERAKHLAK_CRITERIA[0])[0].startswith("Understands")
    renamed = {**komunikasi, "nama": "Komunikasi Lisan"}
    assert labels.criterion_label(renamed) == "Komunikasi Lisan"
    assert labels.criterion_short_label(renamed) is None
    own = {"kode": "inovasi", "nama": "Inovasi", "panduan": ["Mencoba cara baru"]}
    assert labels.criterion_label(own) == "Inovasi"
    assert labels.criterion_guides(own) == ["Mencoba cara baru"]
    set_language("id")
    assert labels.criterion_label(komunikasi) == "Kemampuan Berkomunikasi"


def test_one_date_placeholder_per_language() -> None:
    assert t("dates.placeholder") == "HH-BB-TTTT"
    for lang, other in (("id", "DD-MM-YYYY"), ("en", "HH-BB-TTTT")):
        offenders = [key for key, text in _catalog(lang).items() if other in text]
        assert offenders == [], (lang, offenders)
    set_language("en")
    assert t("dates.placeholder") == "DD-MM-YYYY"


KEY_WORD = re.compile(r"\b(?:Tekan|tekan|Press|press)\s+([A-Za-z])\b")
MODIFIER = re.compile(r"\b(?:Ctrl|CTRL|Alt|ALT)\+[A-Za-z]\b")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hints_show_keys_as_typed(lang: str) -> None:
    """A key is written as it is pressed: "tekan a", "ctrl+g", never "Tekan A" or "Ctrl+G"
    (an upper-case letter would be a different key).  The browser's Ctrl+P in the printed
    report is the browser's own key, not Kinerja's."""
    wrong = []
    for key, text in _catalog(lang).items():
        wrong += [f"{key}: {m.group(0)}" for m in KEY_WORD.finditer(text) if m.group(1).isupper()]
        if key != "report.print_hint":
            wrong += [f"{key}: {m.group(0)}" for m in MODIFIER.finditer(text)]
    assert wrong == []


def test_english_counts_agree_with_their_nouns() -> None:
    add_catalog_dir(ROOT / "tui" / "locale")
    set_language("en")
    assert t("pelatihan.list.info_all", mode="All workshops", count=1).startswith(
        "All workshops: 1 workshop (t:"
    )
    assert "4 workshops" in t("pelatihan.list.info_all", mode="x", count=4)
    assert t("dialog.picker.count", count=1) == "1 choice"
    assert t("kelengkapan.count", n=2) == "2 employees not complete"
    set_language("id")
    assert t("kelengkapan.count", n=1) == "1 pegawai belum lengkap"


def test_the_plural_form_is_english_only() -> None:
    """Indonesian nouns do not change with the count; no Indonesian message needs one."""
    assert [key for key, text in _catalog("id").items() if re.search(r"\{\w+:[^}]*\|", text)] == []
