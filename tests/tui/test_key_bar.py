"""The key bar: each screen's main keys on the bottom line, whole keys only."""

from __future__ import annotations

from models.office import Office
from tui.app import KinerjaApp
from tui.widgets.key_bar import KeyBar, screen_keys


def bar_text(app: KinerjaApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_pegawai_keys_and_palette_key_at_the_right(office: Office) -> None:
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert len(text) == 80
        assert text.startswith(" a Tambah  e Ubah  d Status  i Impor ")
        assert "F1 Tombol" in text
        assert text.rstrip().endswith("▏^p Cari")


async def test_keys_that_do_not_fit_are_left_out_whole_but_menu_and_help_stay(
    office: Office,
) -> None:
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(56, 24)) as pilot:
        await pilot.pause()
        hints, palette = screen_keys(app.screen)
        assert palette is not None
        text = bar_text(app)
        right = f"▏{palette.key} {palette.description} "
        assert len(text) == 56 and text.endswith(right)
        left = text[: -len(right)].rstrip()
        # The screen menu and the key that lists every other one are always there.
        assert left.endswith(" ^g Layar  F1 Tombol")
        essential = "".join(f" {h.key} {h.description} " for h in hints if h.essential)
        others = [f" {h.key} {h.description} " for h in hints if not h.essential]
        shown = left[: -len(essential.rstrip())]
        count = next(n for n in range(len(others) + 1) if "".join(others[:n]) == shown)
        assert 0 < count < len(others)  # some keys shown whole, the rest left out
        room = 56 - len(right) - len(essential)
        assert len("".join(others[: count + 1])) > room  # the next one would not fit


async def test_bar_follows_the_focused_widget(office: Office) -> None:
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert " a Tambah " in bar_text(app)
        await pilot.press("slash")
        await pilot.pause()
        # Typing in the filter box takes the letter keys: the bar stops offering them.
        assert " a Tambah " not in bar_text(app)
        assert "^g Layar" in bar_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert " a Tambah " in bar_text(app)


async def test_bar_in_english(office: Office) -> None:
    from models.i18n import set_language

    set_language("en")
    app = KinerjaApp(office, start="pegawai")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert bar_text(app).startswith(" a Add ")
