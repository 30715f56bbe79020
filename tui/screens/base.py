"""What every Kinerja screen shares: access to the office and reacting to other clerks' saves."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

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
