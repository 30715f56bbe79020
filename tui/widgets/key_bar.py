"""The bottom line of every screen: its main keys, drawn as one widget."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

ALWAYS_SHOWN = frozenset({"app.goto", "app.help"})
"""Binding ids kept when keys must be left out: the screen menu and the list of all keys."""


class KeyHint(NamedTuple):
    """One key as the bar shows it."""

    key: str
    description: str
    enabled: bool
    essential: bool = False


def screen_keys(screen: Screen[object]) -> tuple[list[KeyHint], KeyHint | None]:
    """The keys to show for ``screen``: its shown bindings (one per action) and the palette key."""
    app = screen.app
    hints: list[KeyHint] = []
    seen: set[str] = set()
    active = screen.active_bindings
    for _node, binding, enabled, _tooltip in active.values():
        if not binding.show or binding.action in seen:
            continue
        seen.add(binding.action)
        hints.append(
            KeyHint(
                app.get_key_display(binding),
                binding.description,
                enabled,
                binding.id in ALWAYS_SHOWN,
            )
        )
    palette: KeyHint | None = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
        palette = KeyHint(app.get_key_display(binding), binding.description, enabled)
    return hints, palette


class KeyBar(Widget):
    """The screen's main keys on one line, the command palette key at the right.

    Textual's Footer mounts a clickable widget per key and restyles each one
    whenever the bindings change; a keyboard-only app needs just the text, and
    drawing it as one widget keeps start-up and every focus change cheap.
    Keys that do not fit are left out whole; the menu and help keys always
    stay (F1 lists every key).
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--separator {
        color: $foreground 20%;
    }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--separator"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        hints, palette = screen_keys(self.screen)
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        width = self.size.width
        right = Text()
        if palette is not None:
            right.append("▏", self.get_component_rich_style("key-bar--separator"))
            right.append(f"{palette.key} ", key_style)
            right.append(f"{palette.description} ", text_style)
        room = width - right.cell_len
        line = Text(no_wrap=True, overflow="crop", end="")
        for hint in fitting(hints, room):
            start = len(line)
            line.append(f" {hint.key} ", key_style)
            line.append(f"{hint.description} ", text_style)
            if not hint.enabled:
                line.stylize(dim, start)
        line.pad_right(max(room - line.cell_len, 0))
        line.append_text(right)
        line.truncate(width)
        return line


def hint_width(hint: KeyHint) -> int:
    return cell_len(f" {hint.key} {hint.description} ")


def fitting(hints: list[KeyHint], room: int) -> list[KeyHint]:
    """The hints that fit in ``room`` cells, in order: whole ones, essential ones first."""
    left = room - sum(hint_width(h) for h in hints if h.essential)
    chosen: set[int] = set()
    for index, hint in enumerate(hints):
        if hint.essential:
            continue
        if hint_width(hint) > left:
            break
        left -= hint_width(hint)
        chosen.add(index)
    return [h for i, h in enumerate(hints) if h.essential or i in chosen]
