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

import asyncio
import contextlib
import dataclasses
import functools
import time
import weakref
from typing import TYPE_CHECKING, Any

from textual import events
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Region
from textual.message import Message
from textual.message_pump import MessagePump

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
    "_total_row_height",
    "_y_offsets",
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
    output = _OUTPUTS.get(app)
    if output is not None:
        output.forget_rows([height - 1])
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


# --------------------------------------------------------------------------- keys in order

KEY_INTERNALS = (
    "_check_bindings",
    "_forward_event",
    "_dispatch_message",
    "_message_queue",
    "_next_callbacks",
    "_flush_next_callbacks",
)
"""Private members of ``textual.app.App`` that ``handle_key_in_order`` uses; it also
overrides ``Message._bubble_to`` and reads the queue's ``values`` and ``ready_event``."""
"""Private members that ``handle_key_in_order`` uses (on App, widgets and Message)."""

KEY_CHAIN_TIMEOUT = 2.0
"""How long a key may take to go through its widgets before the next key goes anyway."""
SETTLE_TIMEOUT = 1.0
"""How long to wait for a screen opened by a key to be ready for the next key."""


class _OrderedKey(events.Key):
    """A key event that reports where it bubbles, so the app knows when it is done."""

    __slots__ = ("route",)

    def __init__(self, key: str, character: str | None, route: _KeyRoute) -> None:
        super().__init__(key, character)
        self.route = route

    def _bubble_to(self, widget: MessagePump) -> None:
        if self.route.bubbled(widget):
            super()._bubble_to(widget)


# Handlers are found by the class name of an event: this one is still a key.
_OrderedKey.handler_name = events.Key.handler_name


class _KeyRoute:
    """Follows one key through the widgets it is offered to, up to the app.

    A widget offered the key may handle it (and stop it) or pass it to its
    parent; the key is done when no widget still holds it, or when it reaches
    the app, which then runs its bindings itself, in order.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.holding: set[int] = set()
        self.reached_app = False
        self.done = asyncio.Event()

    def offered(self, node: MessagePump) -> None:
        self.holding.add(id(node))

    def bubbled(self, widget: MessagePump) -> bool:
        """Record a pass to ``widget``; False when it is the app (which takes it itself)."""
        if widget is self.app:
            self.reached_app = True
            self.done.set()
            return False
        self.holding.add(id(widget))
        return True

    def processed(self, node: MessagePump, message: Any) -> None:
        if not isinstance(message, _OrderedKey) or message.route is not self:
            return
        self.holding.discard(id(node))
        if not self.holding:
            self.done.set()


async def handle_key_in_order(app: App[Any], event: events.Event) -> bool:
    """Handle a key from the terminal completely before the app reads the next one.

    Textual passes a key to the focused widget's queue and, when that widget
    does not use it, up through its parents' queues to the app, which only
    then runs the screen's key bindings.  Keys that arrive together (an SSH
    packet, a paste) are meanwhile passed on too, so a digit typed after "next
    person" could land on the previous person, and text typed after Tab in the
    previous field.  Here the app waits until the key is done, runs the bindings
    itself when the key comes back to it, and, when the key opened or closed a
    screen, waits until that screen is ready, so every key applies to the state
    the keys before it produced (README, "Fast typing and slow links").

    Returns False when ``event`` is not a key from the terminal (Textual handles it).
    """
    from textual._dispatch_key import dispatch_key

    if not isinstance(event, events.Key) or event.is_forwarded:
        return False
    if not app.app_focus:
        app.app_focus = True
    screen_before = app.screen
    focus_before = app.focused
    if not await app._check_bindings(event.key, priority=True):
        target = app.focused or app.screen
        route = _KeyRoute(app)
        key = _OrderedKey(event.key, event.character, route)
        chain = [node for node in target.ancestors_with_self if node is not app]
        for node in chain:
            node.message_signal.subscribe(
                app, functools.partial(route.processed, node), immediate=True
            )
        route.offered(target)
        try:
            target._forward_event(key)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(route.done.wait(), KEY_CHAIN_TIMEOUT)
        finally:
            for node in chain:
                node.message_signal.unsubscribe(app)
        # A key that comes back to the app was used by no widget: its bindings now.
        if route.reached_app and not await app._check_bindings(event.key):
            await dispatch_key(app, event)
    await _drain(app, screen_before, focus_before)
    return True


async def _drain(app: App[Any], screen_before: Screen[Any], focus_before: Any) -> None:
    """Wait until what the key set off is done: messages it caused, a screen it opened.

    A key often causes messages (an Input posts Changed, which a dialog uses to
    filter its list), and opening a dialog mounts it and focuses a field (a
    callback the app runs); the next key must see all of that.  Each wait is
    bounded, so a widget that is always busy cannot hold the keyboard.
    """
    deadline = time.monotonic() + SETTLE_TIMEOUT
    for _round in range(3):
        nodes: list[Any] = []
        for start in (focus_before, app.focused, screen_before, app.screen):
            if start is not None:
                nodes.extend(
                    n for n in start.ancestors_with_self if n is not app and n not in nodes
                )
        for node in nodes:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await _barrier(app, node, remaining)
        if not await _run_app_messages(app):
            break
    await _settle(app, screen_before, focus_before, deadline)


async def _run_app_messages(app: App[Any]) -> bool:
    """Run the app's own queued messages that are not input, ahead of the queued keys.

    They were caused by keys already handled (a widget's ``focus()`` is a
    callback on the app's queue), while the keys behind them in the queue
    arrived earlier but must wait their turn.  True when there were any.
    """
    ran = bool(app._next_callbacks)
    if ran:
        await app._flush_next_callbacks()
    queue: Any = app._message_queue
    waiting: list[Message] = [m for m in queue.values if not isinstance(m, events.InputEvent)]
    if not waiting:
        return ran
    inputs: list[Message] = [m for m in queue.values if isinstance(m, events.InputEvent)]
    queue.values.clear()
    queue.values.extend(inputs)
    if not inputs:
        queue.ready_event.clear()
    for message in waiting:
        await app._dispatch_message(message)
    return True


class _Barrier(Message, bubble=False):
    """Handled by nobody: once a widget has processed it, everything before it is done."""


async def _barrier(app: App[Any], node: MessagePump, timeout: float) -> None:
    """Wait until ``node`` has processed every message it had when this was called."""
    if not node.is_running:
        return
    marker = _Barrier()
    passed = asyncio.Event()

    def seen(message: Any) -> None:
        if message is marker:
            passed.set()

    node.message_signal.subscribe(app, seen, immediate=True)
    try:
        if node.post_message(marker):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(passed.wait(), timeout)
    finally:
        node.message_signal.unsubscribe(app)


async def _settle(
    app: App[Any], screen_before: Screen[Any], focus_before: Any, deadline: float
) -> None:
    """Wait until a screen the key opened (or went back to) has its focus, if it changed."""
    if app.screen is screen_before and (app.focused is not None or focus_before is None):
        return
    while time.monotonic() < deadline:
        await _run_app_messages(app)
        screen = app.screen
        if screen.is_mounted and (app.focused is not None or not screen.focus_chain):
            return
        await asyncio.sleep(0.002)


# --------------------------------------------------------------------------- terminal output

STRIP_INTERNALS = ("_segments", "_render_cache")
"""Private attributes of ``textual.strip.Strip`` that ``draw_text_safely`` uses."""


def draw_text_safely() -> None:
    """Every character drawn on the terminal is shown, never obeyed: the last line of defence.

    Stored text is checked when it is saved and shown through ``printable`` by the
    screens, but a title, a notification or a record written by some other tool
    could still carry an escape sequence that retitles or clears the terminal.
    All of Textual's output goes through ``Strip.render``; before a strip is
    rendered for the first time, control and bidi characters (which take no cell)
    are dropped from its text, so the layout stays exactly as measured.
    """
    from rich.segment import Segment
    from textual.strip import Strip

    from models.display import without_controls

    if getattr(Strip.render, "_kinerja_safe", False):
        return
    original = Strip.render

    def render(self: Strip, console: Any) -> str:
        if self._render_cache is None and not all(
            segment.text.isprintable() for segment in self._segments
        ):
            self._segments = [
                segment
                if segment.text.isprintable()
                else Segment(without_controls(segment.text), segment.style, segment.control)
                for segment in self._segments
            ]
        rendered: str = original(self, console)
        return rendered

    render._kinerja_safe = True  # type: ignore[attr-defined]
    Strip.render = render  # type: ignore[method-assign]


DISPLAY_INTERNALS = ("_display", "_driver", "_batch_count", "_running", "_closed")
"""Private members of ``textual.app.App`` that ``send_changes_only`` wraps or reads; it also
reads the driver's ``_writer_thread`` (its ``_queue`` and ``_file``), and the attributes of
Textual's two kinds of screen update (``textual._compositor``)."""

KEY_WAIT_LIMIT = 0.25
"""Longest a frame waits for the keys queued behind it to be handled first."""
RETRY_SECONDS = 1 / 60
"""How often a frame that waits checks whether it may be written now."""


class _Prepared(CompositorUpdate):
    """Bytes worked out by ``tui.output``, handed to Textual's display as a screen update."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        yield Segment(self.text)

    def render_segments(self, console: Any) -> str:
        return self.text


class ChangesOnly:
    """Sends the terminal only what changed (``tui.output``), and nothing ahead of the keys.

    A frame is written when no key waits in the app's queue (up to
    ``KEY_WAIT_LIMIT``: keys that came in one packet are all handled before
    the screen is drawn once) and the terminal has read what was written
    before; until then, frames are folded into one.  On a link where output
    backs up, the screen so skips to the latest state instead of replaying
    every state between (README, "Fast typing and slow links").
    """

    def __init__(self, app: App[Any]) -> None:
        from rich.color import ColorSystem

        from tui.output import Frame, Pens

        self.app = app
        self.original = app._display
        self.frame = Frame(0, 0)
        system = app.console._color_system or ColorSystem.TRUECOLOR
        self.pens = Pens(system)
        self._frame_class = Frame
        self._waiting_since: float | None = None
        self._retry: asyncio.TimerHandle | None = None
        self._subscribed = False

    def display(self, screen: Screen[Any], renderable: Any) -> None:
        app = self.app
        if not self._drawable(renderable):
            if renderable is not None:
                self.frame.forget()  # something else drew on the terminal
            self.original(screen, renderable)
            return
        if not self._subscribed:
            # Back from a suspension (ctrl+z, fg): the shell drew over the screen.
            app.app_resume_signal.subscribe(app, lambda _app: self.frame.forget())
            self._subscribed = True
        width, height = app.size
        if (width, height) != (self.frame.width, self.frame.height):
            self.frame = self._frame_class(width, height)
        self._take(renderable)
        self.write()

    def _drawable(self, renderable: Any) -> bool:
        app = self.app
        return (
            isinstance(renderable, LayoutUpdate | ChopsUpdate)
            and app._running
            and not app._closed
            and not app._batch_count
            and not app.is_headless
            and not app.is_inline
            and app._driver is not None
        )

    def _take(self, update: LayoutUpdate | ChopsUpdate) -> None:
        """Record what the update draws as what the terminal should show."""
        from tui.output import line_of

        frame, pens = self.frame, self.pens
        if isinstance(update, LayoutUpdate):
            x = update.region.x
            for y, strips in enumerate(update.strips, update.region.y):
                segments = [(s.text, s.style) for strip in strips for s in strip]
                frame.put(x, y, line_of(segments, pens))
            return
        for y, x1, x2 in update.spans:
            for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                cells = line_of(((s.text, s.style) for s in strip), pens)
                frame.put(x, y, cells[: min(end, x2) - x])

    def forget_rows(self, rows: list[int]) -> None:
        self.frame.forget(rows)

    def write(self) -> None:
        """Write what changed now, or try again shortly if keys or earlier output wait."""
        if not self.frame.pending:
            self._waiting_since = None
            return
        now = time.monotonic()
        if self._waiting_since is None:
            self._waiting_since = now
        keys_first = _keys_waiting(self.app) and now - self._waiting_since < KEY_WAIT_LIMIT
        if keys_first or _output_waiting(self.app):
            if self._retry is None:
                loop = asyncio.get_running_loop()
                self._retry = loop.call_later(RETRY_SECONDS, self._try_again)
            return
        self._waiting_since = None
        text = self.frame.changes(self.pens)
        self.original(self.app.screen, _Prepared(text))

    def _try_again(self) -> None:
        self._retry = None
        if self._drawable(LayoutUpdate([], Region(0, 0, 0, 0))):
            self.write()


def _keys_waiting(app: App[Any]) -> bool:
    """True when keys the terminal sent wait in the app's queue."""
    queue: Any = app._message_queue
    return any(isinstance(message, events.Key) for message in queue.values)


def _output_waiting(app: App[Any]) -> bool:
    """True when earlier output is still on its way: queued for Textual's writer thread, or
    written to the terminal device and not yet read by the terminal (or SSH) at its end."""
    writer = getattr(app._driver, "_writer_thread", None)
    if writer is None:
        return False
    if writer._queue.qsize():
        return True
    try:
        import fcntl
        import struct
        import termios

        fd = writer._file.fileno()
        unread = struct.unpack("i", fcntl.ioctl(fd, termios.TIOCOUTQ, b"\0\0\0\0"))[0]
    except (OSError, AttributeError, ValueError):
        return False
    return bool(unread)


def send_changes_only(app: App[Any]) -> ChangesOnly:
    """Make ``app`` send the terminal only what changed, coalescing frames on a slow link."""
    output = ChangesOnly(app)
    _OUTPUTS[app] = output
    app._display = output.display  # type: ignore[method-assign]
    return output


_OUTPUTS: weakref.WeakKeyDictionary[App[Any], ChangesOnly] = weakref.WeakKeyDictionary()
