"""Every use of Textual's private API, in one place (see ARCHITECTURE.md, "Textual").

Textual (pinned in pyproject.toml) has no public way to translate binding
descriptions after start-up, to add a binding to a running app, to start in a
mode without switching to it, to write over the footer while the event loop is
blocked, to end with a message after a crash, or to say the command palette's
"No matches found" in another language.  The few attributes that do it
are used only here; ``tests/tui/test_textual_private.py`` checks that each still
exists on the installed Textual, so an upgrade that changes one fails loudly.

``tui/widgets/fixed_table.py`` overrides DataTable's row rendering; those private
methods are listed in ``DATATABLE_INTERNALS`` and checked the same way.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from models.i18n import t

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

APP_INTERNALS = (
    "_bindings",
    "_screen_stacks",
    "_current_mode",
    "_driver",
    "_exception",
    "_exit_renderables",
    "_return_code",
    "_close_messages_no_wait",
    "_fatal_error",
    "_notifications",
)
"""Private attributes of ``textual.app.App`` used below (``KinerjaApp`` overrides ``_fatal_error``
to log the details and say one line)."""

SCREEN_INTERNALS = ("_compositor",)
"""Private attributes of ``textual.screen.Screen`` used below."""

COMMAND_PALETTE_INTERNALS = (
    "_start_no_matches_countdown",
    "_stop_no_matches_countdown",
    "_no_matches_timer",
    "_list_visible",
    "_NO_MATCHES",
    "_NO_MATCHES_COUNTDOWN",
)
"""Private members of ``textual.command.CommandPalette`` that ``command_palette`` overrides
to say "no matches" in the clerk's language."""

DATATABLE_INTERNALS = (
    "_get_row_style",
    "_render_line_in_row",
    "_render_cell",
    "_get_styles_to_render_cell",
    "_should_highlight",
    "_row_render_cache",
    "_row_locations",
    "_labelled_row_exists",
    "_show_hover_cursor",
    "_update_count",
    "_pseudo_class_state",
    "_row_label_column_width",
)
"""Private members of ``textual.widgets.DataTable`` that ``FixedWidthTable`` overrides or reads."""


def command_palette(placeholder: str, no_matches: str) -> Screen[Any]:
    """Textual's command palette, with its prompt and its "No matches found" given here."""
    from rich.align import Align
    from rich.text import Text
    from textual.command import CommandList, CommandPalette
    from textual.widgets.option_list import Option

    class Palette(CommandPalette):
        def _start_no_matches_countdown(self, search_value: str) -> None:
            self._stop_no_matches_countdown()

            def show() -> None:
                if search_value:
                    self.query_one(CommandList).add_option(
                        Option(
                            Align.center(Text(no_matches, style="not bold")),
                            disabled=True,
                            id=self._NO_MATCHES,
                        )
                    )
                    self._list_visible = True
                else:
                    self._list_visible = False

            self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)

    return Palette(placeholder=placeholder, id="--command-palette")


def localise_bindings(node: DOMNode) -> None:
    """Binding descriptions are catalog keys; show them in the language chosen at start-up."""
    key_to_bindings = node._bindings.key_to_bindings
    for key, bindings in key_to_bindings.items():
        key_to_bindings[key] = [
            dataclasses.replace(b, description=t(b.description)) if b.description else b
            for b in bindings
        ]


def bind_app_key(app: App[Any], key: str, action: str, description: str) -> None:
    """Add a hidden binding to the app after it was built (the screens' function keys)."""
    app._bindings.bind(key, action, description, show=False)


def start_in_mode(app: App[Any], mode: str) -> None:
    """Make ``mode`` the app's first mode without switching to it (which would restyle twice)."""
    app._screen_stacks = {mode: []}
    app._current_mode = mode


def write_over_last_line(app: App[Any], text: str) -> bool:
    """Write ``text`` in reverse video over the terminal's last line, now, even while the
    event loop is blocked; False when there is no real terminal (headless tests)."""
    driver = app._driver
    if driver is None or app.is_headless:
        return False
    width, height = app.size
    line = text[:width].ljust(width)
    driver.write(f"\x1b7\x1b[{height};1H\x1b[7m{line}\x1b[0m\x1b8")
    driver.flush()
    return True


def crash_details(app: App[Any]) -> str:
    """The traceback of the error that is closing the app, or "" when there is none."""
    import traceback

    error = app._exception
    return "".join(traceback.format_exception(error)) if error else ""


def crash_error(app: App[Any]) -> str:
    return str(app._exception)


def crash_exception(app: App[Any]) -> BaseException | None:
    """The error that is closing the app, if any."""
    return app._exception


def exit_with_message(app: App[Any], message: Any, return_code: int | None = None) -> None:
    """Close the app at once and print ``message`` once the terminal is restored."""
    if return_code is not None:
        app._return_code = return_code
    app._exit_renderables.append(message)
    app._close_messages_no_wait()


def rendered_text(screen: Screen[Any]) -> str:
    """What the terminal shows of ``screen`` now, as plain text lines (for tests)."""
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def notification_messages(app: App[Any]) -> list[str]:
    """The messages of the notifications shown now (for tests)."""
    return [notification.message for notification in app._notifications]
