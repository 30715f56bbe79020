"""Pengaturan, section 1: the office's name, place and targets."""

from __future__ import annotations

from models.i18n import t
from tui.dialogs.form import Record, Values
from tui.keys import keys
from tui.screens.pengaturan.forms import Field
from tui.screens.pengaturan.section import SettingsSection
from tui.widgets.text import fit

KANTOR_FIELDS = ("nama_kantor", "tempat", "min_rekan", "jumlah_penghargaan", "target_jp")
LABEL_WIDTH = 32
VALUE_WIDTH = 38


class KantorSection(SettingsSection):
    """The office settings, one per row; e (or Enter) edits them."""

    NAME = "kantor"
    BINDINGS = keys("pengaturan.kantor")
    COLUMNS = (
        ("pengaturan.kantor.col_setting", LABEL_WIDTH, "label"),
        ("pengaturan.kantor.col_value", VALUE_WIDTH, "value"),
    )

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
        def load(record: Record) -> Values:
            return {name: str(record.get(name, "")) for name in KANTOR_FIELDS}

        self.edit_settings(
            t("pengaturan.kantor.form_title"),
            [Field(name, t(f"pengaturan.kantor.{name}")) for name in KANTOR_FIELDS],
            load,
            lambda _current, values: dict(values),
            only_changes=True,
        )
