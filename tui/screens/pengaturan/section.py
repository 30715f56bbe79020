"""What every section of Pengaturan shares: a table of what is stored, and saving from it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from models.errors import KinerjaError
from models.i18n import t
from models.office import Office
from models.store import ConflictError
from tui.dialogs.confirm import Confirm
from tui.dialogs.form import Record, Values
from tui.messages import DataChanged
from tui.screens.base import KinerjaScreen
from tui.screens.pengaturan.forms import Field, FieldFor, SettingsForm
from tui.textual_private import localise_bindings


class Section(Vertical):
    """One tab of Pengaturan, with its own keys (active while its table has the focus).

    Every change goes through one ``Office`` method; the app then re-reads the
    office, so what is shown is always what was stored (also after another clerk saved).
    """

    NAME: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(id=f"{self.NAME}-section")
        localise_bindings(self)
        self.records: list[Record] = []
        """The stored records the rows show, each keyed by its ``kode`` (criteria, periods)."""

    @property
    def office(self) -> Office:
        screen = self.screen
        assert isinstance(screen, KinerjaScreen)
        return screen.office

    @property
    def table(self) -> DataTable[Any]:
        table: DataTable[Any] = self.query_one(f"#{self.NAME}-table", DataTable)
        return table

    def refresh_data(self) -> None:
        """Re-render from the office."""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row edits it, like the e key."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Edit what the highlighted row shows."""

    # ------------------------------------------------------------ rows

    def refill(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Replace the rows, keeping the cursor on the same record (or the same line)."""
        table = self.table
        keep = self.highlighted_key()
        line = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if rows:
            keys = [key for key, _ in rows]
            target = keys.index(keep) if keep in keys else min(max(line, 0), len(rows) - 1)
            table.move_cursor(row=target, animate=False)
        self.show_highlighted()

    def highlighted(self) -> Record | None:
        """The record of the highlighted row (sections listing ``records``)."""
        kode = self.highlighted_key()
        return next((r for r in self.records if r["kode"] == kode), None)

    def show_highlighted(self) -> None:
        """Show more of the highlighted row under the table (after a refill, on a move)."""

    def on_data_table_row_highlighted(self) -> None:
        self.show_highlighted()

    def highlighted_key(self) -> str | None:
        table = self.table
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(
            Coordinate(min(table.cursor_row, table.row_count - 1), 0)
        )
        return None if row_key.value is None else str(row_key.value)

    def select_row(self, key: str) -> None:
        table = self.table
        try:
            table.move_cursor(row=table.get_row_index(key), animate=False)
        except KeyError:
            return

    # ------------------------------------------------------------ saving

    def after_form(
        self, message: str, select: Callable[[Record], str | None] | None = None
    ) -> Callable[[Record | None], None]:
        """What to do once a form saved: say so, re-render, highlight ``select(saved)``."""

        def done(saved: Record | None) -> None:
            if saved is None:
                return
            self.notify(message)
            self.changed(select(saved) if select is not None else None)

        return done

    def changed(self, select: str | None = None) -> None:
        """Re-render the screen at once (on ``select``'s row), then tell the app."""
        screen = self.screen
        assert isinstance(screen, KinerjaScreen)
        screen.safe_refresh()
        if select is not None:
            self.select_row(select)
        self.post_message(DataChanged())

    def apply(self, save: Callable[[], object], message: str) -> None:
        """Run a save that has no form; a refusal or a conflict is shown as a notification."""
        try:
            save()
        except ConflictError as err:
            self.notify(f"{err} {t('pengaturan.conflict.screen')}", severity="warning", timeout=8)
            self.changed()
            return
        except KinerjaError as err:
            self.notify(str(err), severity="error", timeout=8)
            return
        self.notify(message)
        self.changed()

    def confirm(
        self, title: str, body: str, then: Callable[[], None], *, strict: bool = False
    ) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm(body, title=title, strict=strict), answered)


class SettingsSection(Section):
    """A section showing part of the office's settings record, edited in one form.

    The table has the columns ``COLUMNS`` (catalog key of the heading, width, key);
    under it ``compose_below`` and the note ``pengaturan.<NAME>.note``.
    """

    COLUMNS: ClassVar[tuple[tuple[str, int, str], ...]] = ()
    PART: ClassVar[str] = ""
    """The part of the settings record the forms change (``evaluasi``); "" for its top level."""
    FORM_NOTE: ClassVar[str] = ""
    """Catalog key of the note under the forms; by default the section's own note."""

    def compose(self) -> ComposeResult:
        yield DataTable(id=f"{self.NAME}-table", cursor_type="row")
        yield from self.compose_below()
        yield Static(t(f"pengaturan.{self.NAME}.note"), classes="pengaturan-note")

    def compose_below(self) -> ComposeResult:
        """What the section shows between its table and its note."""
        yield from ()

    def on_mount(self) -> None:
        for heading, width, key in self.COLUMNS:
            self.table.add_column(t(heading), width=width, key=key)

    def edit_settings(
        self,
        title: str,
        fields: Sequence[Field],
        load: Callable[[Record], Values],
        changes: Callable[[Record, Values], dict[str, Any]],
        *,
        field_for: FieldFor | None = None,
        only_changes: bool = False,
        note: str = "",
        kind: type[SettingsForm] = SettingsForm,
    ) -> None:
        """A form (a ``kind``) over the settings record: ``load`` fills it, ``changes`` is
        what is saved (under ``PART``)."""
        settings = self.office.settings()

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            changed = changes(current, values)
            return self.office.update_settings(
                current, {self.PART: changed} if self.PART else changed
            )

        form = kind(
            title,
            fields,
            load(settings),
            save,
            current=settings,
            load=load,
            field_for=field_for,
            only_changes=only_changes,
            note=note or t(self.FORM_NOTE or f"pengaturan.{self.NAME}.note"),
        )
        self.app.push_screen(form, self.after_form(t(f"pengaturan.{self.NAME}.saved")))
