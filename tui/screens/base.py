"""What every Kinerja screen shares: access to the office and reacting to other clerks' saves."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from models.office import Office
from tui.textual_private import localise_bindings
from tui.widgets.key_bar import KeyBar


class KinerjaScreen(Screen[None]):
    """A full screen of the app, reachable from the navigation menu."""

    SCREEN_ID: ClassVar[str] = ""
    """Mode name, also the palette command id; the rest comes from ``tui.screens.SCREENS``."""
    TITLE_KEY: ClassVar[str] = ""
    """Catalog key of the screen's name (Pegawai, Penilaian, ...)."""
    MENU_KEY: ClassVar[str] = ""
    """Single letter that picks the screen in the navigation menu."""
    FKEY: ClassVar[str] = ""
    """Function key that opens the screen directly (an alternative, never the only way)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Title, menu letter and function key are declared once, in the screen registry."""
        super().__init_subclass__(**kwargs)
        if cls.SCREEN_ID:
            from tui.screens import entry_for

            entry = entry_for(cls.SCREEN_ID)
            cls.TITLE_KEY, cls.MENU_KEY, cls.FKEY = entry.TITLE_KEY, entry.MENU_KEY, entry.FKEY

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    @property
    def office(self) -> Office:
        """The office the app opened (screens never import the app: see tui/messages.py)."""
        office = getattr(self.app, "office", None)
        assert isinstance(office, Office)
        return office

    def current_period(self) -> dict[str, Any] | None:
        """The one period every screen shows; the app keeps the clerk's choice (ctrl+t)."""
        period = getattr(self.app, "period", None)
        if callable(period):
            chosen: dict[str, Any] | None = period()
            return chosen
        return self.office.current_period()

    def current_kode(self) -> str | None:
        current = self.current_period()
        return str(current["kode"]) if current else None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the shared header and footer."""
        yield from ()

    def refresh_data(self) -> None:
        """Re-render from the office after a save here or by another clerk."""

    def on_screen_resume(self) -> None:
        self.safe_refresh()

    def safe_refresh(self) -> None:
        """``refresh_data`` that reports a problem with the data file instead of closing."""
        from models.errors import KinerjaError

        try:
            self.refresh_data()
        except KinerjaError as exc:
            self.notify(str(exc), severity="error", timeout=10)


CursorT = TypeVar("CursorT", covariant=True)


class PeriodGrid(Protocol[CursorT]):
    """A grid typed into cell by cell: where its cursor is, in the screen's own terms."""

    @property
    def cursor_position(self) -> CursorT | None: ...

    def focus(self, scroll_visible: bool = True) -> Any: ...


GridT = TypeVar("GridT", bound=PeriodGrid[Any])


class PeriodGridScreen(KinerjaScreen, Generic[GridT]):
    """A screen typing into one grid of the current period (Penilaian, Evaluasi, Kalibrasi).

    It loads when mounted, on the first cell still to be filled, and keeps the
    focus in the grid.  When the data changed (a save here or by another clerk)
    it loads again: at the first gap when the period is another one (ctrl+t),
    else with the cursor on the same cell.
    """

    GRID_ID: ClassVar[str] = ""
    """The id of the grid widget in ``compose_body``."""
    STATUS_ID: ClassVar[str] = ""
    """The id of the one-line ``Static`` under the grid that says what a key did."""

    def __init__(self) -> None:
        super().__init__()
        self.kode: str | None = None
        """The period shown (None until loaded, or when the office has none)."""

    @property
    def grid(self) -> GridT:
        return cast(GridT, self.query_one(f"#{self.GRID_ID}"))

    def load(self, *, cursor: Any = None, gap: bool = False) -> None:
        """Show the current period; ``cursor`` as the grid's ``cursor_position`` gave it."""
        raise NotImplementedError

    def say(self, text: str, kind: str = "info") -> None:
        """What the last key did, on the status line; ``kind`` is info, warning or error."""
        status = self.query_one(f"#{self.STATUS_ID}", Static)
        status.set_classes(kind)
        status.update(Text(text))

    def error(self, text: str) -> None:
        """A refusal: on the status line and as a notification."""
        self.say(text, "error")
        self.notify(text, severity="error")

    def unchanged(self) -> bool:
        """True when nothing was saved since the grid was drawn (no reload needed)."""
        return False

    def on_mount(self) -> None:
        self.load(gap=True)
        self.grid.focus()

    def refresh_data(self) -> None:
        if not self.is_mounted or self.unchanged():
            return
        if self.current_kode() != self.kode:
            self.load(gap=True)
        else:
            self.load(cursor=self.grid.cursor_position)
