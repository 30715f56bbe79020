"""The Kinerja Textual application: header, footer, navigation, palette, live refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.geometry import Region
from textual.screen import Screen

from models.errors import KinerjaError, NotFoundError
from models.evaluation import RATINGS
from models.i18n import add_catalog_dir, t
from models.labels import ATTENDANCE, attendance_code, evaluation_rating_key
from models.office import Office
from tui.keys import keys
from tui.messages import DataChanged, OpenScoreSheet, Request, ShowHistory
from tui.screens import registered_screens
from tui.screens.base import KinerjaScreen
from tui.textual_private import (
    bind_app_key,
    command_palette,
    crash_details,
    crash_error,
    crash_exception,
    draw_text_safely,
    exit_with_message,
    handle_key_in_order,
    localise_bindings,
    send_changes_only,
    start_in_mode,
    write_over_last_line,
)

add_catalog_dir(Path(__file__).with_name("locale"))

POLL_SECONDS = 1.0
"""How often the open app checks (one stat) whether another clerk saved."""


class KinerjaApp(App[int]):
    """Keyboard-only front end over one office data file."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = keys("app")

    def __init__(self, office: Office, *, demo: bool = False, start: str | None = None) -> None:
        super().__init__()
        draw_text_safely()
        localise_bindings(self)
        # Only the cells that changed go to the terminal (README, "Fast typing and slow links").
        send_changes_only(self)
        # The attendance and rating keys are the letters the grids show, in the clerk's language.
        self.update_keymap({f"pelatihan.mark.{s}": attendance_code(s) for s in ATTENDANCE})
        self.update_keymap({f"evaluasi.rate.{r}": evaluation_rating_key(r) for r in RATINGS})
        self.office = office
        self.demo = demo
        self.period_choice: str | None = None
        """The period the clerk chose for every screen (ctrl+t); None: the office's current."""
        self._busy_shown = False
        office.store.storage.on_busy = self.show_busy
        self.screen_classes = registered_screens()
        self.start_screen = start or self.screen_classes[0].SCREEN_ID
        for cls in self.screen_classes:
            self.add_mode(cls.SCREEN_ID, cls.create)
            if cls.FKEY:
                bind_app_key(self, cls.FKEY, f"goto('{cls.SCREEN_ID}')", t(cls.TITLE_KEY))
        # Start in the start screen's mode directly: switching modes after mounting
        # would re-parse every stylesheet twice before the first paint.
        start_in_mode(self, self.start_screen)
        # Titles now, so the very first frame names the office; a problem reading
        # the data file is reported once the app runs (on_mount).
        with suppress(KinerjaError):
            self._set_titles()

    # ------------------------------------------------------------ lifecycle

    async def on_event(self, event: events.Event) -> None:
        """Keys from the terminal are handled one at a time, each to the end (see below)."""
        if not await handle_key_in_order(self, event):
            await super().on_event(event)

    def on_mount(self) -> None:
        self.update_titles()
        self.set_interval(POLL_SECONDS, self.poll_for_changes)

    def update_titles(self) -> None:
        try:
            self._set_titles()
        except KinerjaError as exc:
            self.notify(str(exc), severity="error")

    def _set_titles(self) -> None:
        name = self.office.name
        current = self.period()
        self.title = name + (f" [{t('app.demo')}]" if self.demo else "")
        if current is None:
            self.sub_title = t("app.no_period")
        else:
            from models.labels import period_status_label

            status = period_status_label(current["status"])
            self.sub_title = t("app.period_title", nama=current["nama"], status=status)

    # ------------------------------------------------------------ the current period

    def period(self) -> dict[str, Any] | None:
        """The one period every screen shows (README, "Using the app").

        The clerk's choice while it exists, else the office's current period
        (the newest open one, else the newest).
        """
        if self.period_choice is not None:
            try:
                return self.office.period(self.period_choice)
            except NotFoundError:
                self.period_choice = None
        return self.office.current_period()

    @property
    def period_kode(self) -> str | None:
        current = self.period()
        return str(current["kode"]) if current else None

    def set_period(self, kode: str) -> None:
        """Make ``kode`` the period of every screen."""
        if kode != self.period_kode:
            self.period_choice = kode
            self.data_changed()

    def action_choose_period(self) -> None:
        from tui.dialogs.picker import Picked, Picker, period_list

        try:
            periods = self.office.periods()
        except KinerjaError as exc:
            self.notify(str(exc), severity="error")
            return
        if not periods:
            self.notify(t("app.no_period"), severity="warning")
            return

        def chosen(answer: Picked | None) -> None:
            if answer is not None and answer.value:
                self.set_period(answer.value)

        self.push_screen(
            Picker(period_list(t("app.pick_period"), periods), current=self.period_kode), chosen
        )

    def show_busy(self, _waited: float) -> None:
        """Say "busy, retrying" while a save waits for another clerk's lock.

        The save blocks the event loop for that moment, so the line is written
        straight to the terminal over the footer; the next poll repaints it.
        """
        if write_over_last_line(self, t("storage.busy")):
            self._busy_shown = True

    def poll_for_changes(self) -> None:
        """Pick up another clerk's save within about a second (one stat when nothing changed)."""
        if self._busy_shown:
            self._busy_shown = False
            width, height = self.size
            self.screen.refresh(Region(0, height - 1, width, 1))
        storage = self.office.store.storage
        if storage.unusable is None and self.office.store.changed_on_disk():
            try:
                if self.office.refresh():
                    self.data_changed()
            except KinerjaError as exc:
                self.notify(str(exc), severity="error", timeout=10)
        if storage.unusable is not None:
            self.stop_unusable(storage.unusable)

    def stop_unusable(self, error: KinerjaError) -> None:
        """The data file was found damaged (or planted with a symlink): stop, say how to restore.

        Working on would show half an office and could let a clerk save into it.
        """
        from rich.text import Text

        self.exit(return_code=2, message=Text(f"kinerja: {error}"))

    def on_data_changed(self, message: DataChanged) -> None:
        message.stop()
        self.data_changed()

    async def on_show_history(self, message: ShowHistory) -> None:
        await self._hand_on(message, "riwayat", ShowHistory(message.nip))

    async def on_open_score_sheet(self, message: OpenScoreSheet) -> None:
        if not message.forwarded:
            self.set_period(message.kode)
        copy = OpenScoreSheet(message.kode, message.nip, message.rater)
        await self._hand_on(message, "penilaian", copy)

    async def _hand_on(self, message: Request, screen_id: str, copy: Request) -> None:
        """Show ``screen_id`` and give it the request (once it is mounted)."""
        if message.forwarded:
            return
        message.stop()
        if screen_id != self.current_mode:
            await self.switch_mode(screen_id)
        copy.forwarded = True
        self.screen.post_message(copy)

    def data_changed(self) -> None:
        """Re-render the header and the visible screen from the office."""
        self.update_titles()
        for candidate in reversed(self.screen_stack):
            if isinstance(candidate, KinerjaScreen):
                candidate.safe_refresh()
                break

    # ------------------------------------------------------------ actions

    def action_command_palette(self) -> None:
        """The command palette, in the clerk's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(command_palette(t("palette.placeholder"), t("palette.no_matches")))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in a text field): say which key does, in words."""
        self.notify(t("app.quit_hint"), timeout=4)

    def action_goto(self, screen_id: str) -> None:
        if screen_id != self.current_mode:
            self.switch_mode(screen_id)

    def action_goto_menu(self) -> None:
        from tui.screens.navigation import GotoMenu

        if isinstance(self.screen, GotoMenu):
            self.screen.dismiss(None)
            return

        def chosen(screen_id: str | None) -> None:
            if screen_id:
                self.action_goto(screen_id)

        self.push_screen(GotoMenu(self.screen_classes, self.current_mode), chosen)

    def action_key_help(self) -> None:
        from tui.screens.navigation import KeyHelp

        if isinstance(self.screen, KeyHelp):
            return
        self.push_screen(KeyHelp(self.screen))

    def _fatal_error(self) -> None:
        """An unexpected error: the details go to a log file, the clerk sees one line.

        Everything the clerk saved is already on disk (each save commits at
        once), so closing loses nothing but the form that was open.
        """
        from datetime import datetime

        from models.storage import UNUSABLE

        error = crash_exception(self)
        if isinstance(error, KinerjaError) and error.key in UNUSABLE:
            from rich.text import Text

            exit_with_message(self, Text(f"kinerja: {error}"), return_code=2)
            return
        path = error_log_path()
        details = crash_details(self)
        try:
            append_private(path, f"--- {datetime.now().isoformat(timespec='seconds')}\n{details}")
            message = t("app.crashed", path=path)
        except OSError:
            message = t("app.crashed_no_log", error=crash_error(self))
        self.bell()
        exit_with_message(self, message)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every screen and every action of the current screen, searchable in ctrl+p."""
        for cls in self.screen_classes:
            yield SystemCommand(
                t("palette.goto", screen=t(cls.TITLE_KEY)),
                t("palette.goto_help", key=cls.MENU_KEY, fkey=cls.FKEY.upper()),
                partial(self.action_goto, cls.SCREEN_ID),
            )
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not binding.id or binding.action in seen:
                continue
            if binding.action.startswith("goto(") or binding.action == "command_palette":
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                t("palette.key", key=self.get_key_display(binding)),
                _runner(active.node, binding.action),
            )
        yield SystemCommand(t("palette.quit"), t("palette.key", key="ctrl+q"), self.action_quit)


def append_private(path: Path, text: str) -> None:
    """Append to a file only its owner can read, whatever the umask: it may hold names."""
    import os

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def error_log_path() -> Path:
    """Where the details of an unexpected error are kept for whoever maintains Kinerja."""
    import platformdirs

    return Path(platformdirs.user_log_dir("kinerja", appauthor=False)) / "kinerja-error.log"


def _runner(node: Any, action: str) -> Callable[[], Any]:
    def run() -> Any:
        return node.run_action(action)

    return run


def check_before_start(office: Office) -> None:
    """Refuse to start on a damaged office: raises the one-line ``StorageError``.

    Every table's checksum is checked, and every record of the tables the first
    screen shows.  Another table forged with a matching checksum is caught when
    first read, and the app then stops with the same message (``stop_unusable``).
    """
    office.store.storage.verify_files()
    office.settings()
    office.employees()
    office.periods()


def run(office: Office, *, demo: bool = False) -> int:
    """Run the app on an opened office until the clerk quits; non-zero after a crash."""
    check_before_start(office)
    app = KinerjaApp(office, demo=demo)
    app.run()
    return app.return_code or 0
