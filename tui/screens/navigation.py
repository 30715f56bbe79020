"""The navigation menu (ctrl+g) and the key help overlay (F1 or ?)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from models.i18n import t
from tui.dialogs.base import Dialog
from tui.keys import keys
from tui.screens import ScreenEntry
from tui.widgets.text import fit

HELP_DESCRIPTION_WIDTH = 58
"""Room for a key's description beside its key in the 78-cell box (scrollbar included)."""


def _digit(number: int) -> str:
    """The digit that picks the ``number``-th screen: 1 to 9, then 0 for the tenth."""
    return str(number % 10)


class GotoMenu(Dialog[str | None]):
    """Pick a screen with one letter or digit; works on terminals that mangle F-keys."""

    BINDINGS = keys("menu")

    def __init__(self, screens: list[ScreenEntry], current: str | None) -> None:
        super().__init__()
        self.screens = screens
        self.current = current

    def compose(self) -> ComposeResult:
        lines = [f"[b]{t('nav.menu_title')}[/b]", ""]
        for number, screen in enumerate(self.screens, start=1):
            marker = "▸" if self.current == screen.SCREEN_ID else " "
            fkey = screen.FKEY.upper()
            lines.append(
                f"{marker} [b]{screen.MENU_KEY}[/b] / {_digit(number)}  "
                f"{t(screen.TITLE_KEY):<14} {fkey}"
            )
        lines += ["", t("nav.menu_hint")]
        with Vertical(id="goto-box", classes="dialog-box"):
            yield Static("\n".join(lines), id="goto-list")

    def on_key(self, event: events.Key) -> None:
        character = (event.character or "").lower()
        for number, screen in enumerate(self.screens, start=1):
            if character == screen.MENU_KEY or event.key == _digit(number):
                event.stop()
                self.dismiss(screen.SCREEN_ID)
                return

    def action_dismiss_menu(self) -> None:
        self.dismiss(None)


class KeyHelp(Dialog[None]):
    """Every binding active on the screen below, with its key, in the clerk's language."""

    BINDINGS = keys("key_help")

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        rows = Text(no_wrap=True, overflow="ellipsis")
        seen: set[tuple[str, str]] = set()
        for active in self.below.active_bindings.values():
            binding = active.binding
            if not binding.description or not binding.id:
                continue
            display = self.app.get_key_display(binding)
            entry = (display, binding.description)
            if entry in seen:
                continue
            seen.add(entry)
            if rows:
                rows.append("\n")
            # Plain text, never markup: "[" and "]" are keys too.
            rows.append(f"  {display:<12}", style="bold")
            rows.append(f" {fit(binding.description, HELP_DESCRIPTION_WIDTH)}")
        title = getattr(self.below, "TITLE_KEY", "")
        heading = t("help.keys_of", screen=t(title)) if title else t("help.keys")
        with Vertical(id="help-box", classes="dialog-box"):
            yield Static(Text(heading, style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(rows if rows else Text(t("help.no_keys")), id="help-keys")
            yield Static(Text(t("help.general")), id="help-general")
            yield Static(Text(t("help.close_hint")), id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
