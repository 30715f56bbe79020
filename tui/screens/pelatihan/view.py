"""What the four views of Pelatihan share: the office, the workshop shown, and their table."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import DataTable

from models.employee import display_name
from models.i18n import t
from models.office import Office
from tui.textual_private import localise_bindings

if TYPE_CHECKING:
    from tui.screens.pelatihan import PelatihanScreen


class View(Vertical):
    """One view of the Pelatihan screen, owning the keys that act on it.

    Its keys are active while its table has the focus, so the footer offers only
    what works in the view shown.
    """

    def __init__(self, view_id: str) -> None:
        super().__init__(id=view_id)
        localise_bindings(self)

    @property
    def pelatihan(self) -> PelatihanScreen:
        """The screen holding the views (not imported here: it imports the views)."""
        return cast("PelatihanScreen", self.screen)

    @property
    def office(self) -> Office:
        return self.pelatihan.office

    def table(self, table_id: str) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one(f"#{table_id}", DataTable)
        return table

    def names(self) -> dict[str, str]:
        return {nip: display_name(emp) for nip, emp in self.office.employees_by_nip().items()}

    def fill(self) -> None:
        """Draw the view from the screen's workshops."""

    def conflict(self) -> None:
        """Another clerk saved this workshop a moment ago: show theirs, ask to try again."""
        self.office.refresh()
        self.pelatihan.refresh_data()
        self.notify(t("pelatihan.changed_retry"), severity="warning", timeout=8)
