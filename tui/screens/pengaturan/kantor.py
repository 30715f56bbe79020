"""Pengaturan, section 1: the office's name, place and targets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from models.i18n import t
from tui.dialogs.form import Record, Values
from tui.keys import keys
from tui.screens.pengaturan.forms import Field, SettingsForm
from tui.screens.pengaturan.section import Section
from tui.widgets.text import fit

KANTOR_FIELDS = ("nama_kantor", "tempat", "min_rekan", "jumlah_penghargaan", "target_jp")
LABEL_WIDTH = 32
VALUE_WIDTH = 38


class KantorSection(Section):
    """The office settings, one per row; e (or Enter) edits them."""

    NAME = "kantor"
    BINDINGS = keys("pengaturan.kantor")

    def compose(self) -> ComposeResult:
        yield DataTable(id="kantor-table", cursor_type="row")
        yield Static(t("pengaturan.kantor.note"), classes="pengaturan-note")

    def on_mount(self) -> None:
        self.table.add_column(t("pengaturan.kantor.col_setting"), width=LABEL_WIDTH, key="label")
        self.table.add_column(t("pengaturan.kantor.col_value"), width=VALUE_WIDTH, key="value")

    def refresh_data(self) -> None:
        settings = self.office.settings()
        self.refill(
            [
                (
                    name,
                    (
                        fit(t(f"pengaturan.kantor.{name}"), LABEL_WIDTH),
                        fit(str(settings.get(name, "")), VALUE_WIDTH),
                    ),
                )
                for name in KANTOR_FIELDS
            ]
        )

    def action_edit(self) -> None:
        settings = self.office.settings()

        def load(record: Record) -> Values:
            return {name: str(record.get(name, "")) for name in KANTOR_FIELDS}

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            return self.office.update_settings(current, values)

        form = SettingsForm(
            t("pengaturan.kantor.form_title"),
            [Field(name, t(f"pengaturan.kantor.{name}")) for name in KANTOR_FIELDS],
            load(settings),
            save,
            current=settings,
            load=load,
            only_changes=True,
            note=t("pengaturan.kantor.note"),
        )
        self.app.push_screen(form, self.after_form(t("pengaturan.kantor.saved")))
