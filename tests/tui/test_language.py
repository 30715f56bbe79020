"""One language per run: every screen and every dialog, in each language, shows no word
of the other language's catalogs (names, units, titles and other office data aside).

The walk through the app is ``tests/tui/tour.py``; the two vocabularies are
``tests/tui/vocabulary.py``.  Notifications are read too (ctrl+c's reminder is
Textual's own message, said in the clerk's language).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.i18n import set_language
from models.office import Office
from tests.tui import tour, vocabulary
from tui.screens.pelatihan import clock
from tui.textual_private import notification_messages, rendered_text


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tour.Files:
    return tour.prepare(tmp_path_factory.mktemp("tour"))


@pytest.fixture(scope="module")
def data_words(prepared: tour.Files) -> frozenset[str]:
    """The office's own words and the criteria codes (they are CSV column names)."""
    office = Office.open(prepared.office)
    tables = {
        "employees": office.employees(),
        "periods": office.periods(),
        "workshops": office.workshops(),
        "awards": [award for p in office.periods() for award in office.awards(p["kode"])],
        "settings": [office.settings()],
    }
    codes = " ".join(c["kode"] for p in office.periods() for c in office.criteria_of(p["kode"]))
    return vocabulary.data_words(tables) | vocabulary.words(codes)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(clock, "now", lambda: tour.TODAY)
    yield


def test_the_vocabularies_tell_the_languages_apart() -> None:
    """The check can fail: each language has words of its own, and the usual ones."""
    assert {"simpan", "batal", "tambah", "penilaian", "baik"} <= vocabulary.foreign("en")
    assert {"save", "cancel", "add", "score", "good"} <= vocabulary.foreign("id")
    assert vocabulary.misplaced("Simpan data penilaian", "en", frozenset()) == [
        "penilaian",
        "simpan",
    ]
    assert vocabulary.misplaced("Pemerintah… Sekretariat", "en", frozenset()) == []


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("stop", tour.STOPS, ids=[stop.name for stop in tour.STOPS])
async def test_every_screen_and_dialog_speaks_one_language(
    stop: tour.Stop,
    lang: str,
    prepared: tour.Files,
    data_words: frozenset[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = tour.copy_of(prepared, tmp_path)
    monkeypatch.chdir(files.office.parent)
    set_language(lang)
    app = tour.app_for(stop, files)
    async with app.run_test(size=(100, 30)) as pilot:
        await tour.visit(pilot, stop, files)
        shown = "\n".join([rendered_text(app.screen), *notification_messages(app)])
    allowed = data_words | vocabulary.words(files.bad_csv.name)
    if stop.screen == "bantuan":
        allowed |= vocabulary.glossary(lang)
    assert vocabulary.misplaced(shown, lang, allowed) == [], shown
    assert shown.strip()


SAME_IN_BOTH = frozenset(
    {
        "administrator",
        "argument",
        "berakhlak",
        "coaching",
        "demo",
        "learning",
        "loyal",
        "mentoring",
        "message",
        "mode",
        "name",
        "nip",
        "seminar",
        "status",
        "target",
        "unit",
        "workshop",
    }
)
"""Words both languages write alike; a message made only of these may read the same."""


def test_every_message_is_translated() -> None:
    """A message left in the other language would hide from the screen check (its words
    would be in both catalogs), so the two catalogs may agree only on shared words."""
    indonesian, english = vocabulary.catalog("id"), vocabulary.catalog("en")
    untranslated = {
        key: text
        for key, text in indonesian.items()
        if english.get(key) == text and vocabulary.words(text) - SAME_IN_BOTH
    }
    assert untranslated == {}
