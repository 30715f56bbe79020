"""Pengaturan, section 5: the official evaluation's settings (README, "The official evaluation").

The table lists what the clerk edits here: the two officials outside the office
who evaluate the head of office, the 360 nilai from which perilaku kerja is
suggested, and how many raters a role needs before its figures are shown to the
rated employee.  Under it, read-only, the predikat table (hasil × perilaku); the
curve of every organisation predikat is one key away.  The table and the curve
are settings data with the official values as defaults; they are not edited here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from models.errors import KinerjaError, ValidationError
from models.evaluation import OFFICIAL_FIELDS, ORGANISASI, RATINGS, describe_rule
from models.i18n import t
from models.labels import evaluation_rating_label, official_predikat_label, organisation_label
from tui.dialogs.form import Record, Values
from tui.dialogs.text import TextDialog
from tui.screens.pengaturan.forms import Field, SettingsForm
from tui.screens.pengaturan.section import Section
from tui.widgets.text import fit

ROWS: Final = ("penilai", "atasan", "ambang", "min_penilai_anonim")
"""The table's rows: each outside official, the suggestion thresholds, the anonymity minimum."""
LABEL_WIDTH = 34
VALUE_WIDTH = 40
MATRIX_COLUMN = 18


def official_words(data: Mapping[str, str]) -> str:
    """ "Drs. A, Bupati, Pemerintah Kabupaten X" or "belum diisi"."""
    parts = [data.get(key, "") for key in ("nama", "jabatan", "instansi")]
    return ", ".join(p for p in parts if p) or t("pengaturan.evaluasi.unset")


def matrix_text(matrix: Mapping[str, Mapping[str, str]]) -> Text:
    """The predikat table: rows hasil kerja, columns perilaku kerja."""
    corner = t("pengaturan.evaluasi.matrix_corner")
    text = Text(fit(corner, MATRIX_COLUMN - 1).ljust(MATRIX_COLUMN), style="bold")
    for perilaku in RATINGS:
        label = evaluation_rating_label(perilaku, short=True)
        text.append(fit(label, MATRIX_COLUMN - 1).ljust(MATRIX_COLUMN), style="bold")
    for hasil in RATINGS:
        label = evaluation_rating_label(hasil, short=True)
        text.append("\n" + fit(label, MATRIX_COLUMN - 1).ljust(MATRIX_COLUMN), style="bold")
        for perilaku in RATINGS:
            cell = official_predikat_label(matrix[hasil][perilaku])
            text.append(fit(cell, MATRIX_COLUMN - 1).ljust(MATRIX_COLUMN))
    return text


def curve_text(config: Mapping[str, Any]) -> Text:
    """The predikat table and every organisation predikat's curve, in words."""
    text = Text(t("pengaturan.evaluasi.matrix_title"), style="bold")
    text.append("\n")
    text.append_text(matrix_text(config["matriks"]))
    text.append("\n\n")
    text.append(t("pengaturan.evaluasi.curve_title"), style="bold")
    for org in ORGANISASI:
        rules = "; ".join(describe_rule(rule) for rule in config["kurva"][org])
        text.append(f"\n{organisation_label(org)}: {rules}")
    text.append("\n\n" + t("pengaturan.evaluasi.readonly"))
    return text


class EvaluasiSection(Section):
    """The evaluation settings, one per row; e (or Enter) edits the highlighted one."""

    NAME = "evaluasi"
    BINDINGS = [
        Binding("e", "edit", "pengaturan.key.edit", id="pengaturan.edit"),
        Binding("v", "curve", "pengaturan.key.curve", id="pengaturan.curve"),
    ]

    def compose(self) -> ComposeResult:
        yield DataTable(id="evaluasi-table", cursor_type="row")
        yield Static("", id="evaluasi-matrix")
        yield Static(t("pengaturan.evaluasi.note"), classes="pengaturan-note")

    def on_mount(self) -> None:
        self.table.add_column(t("pengaturan.evaluasi.col_setting"), width=LABEL_WIDTH, key="label")
        self.table.add_column(t("pengaturan.evaluasi.col_value"), width=VALUE_WIDTH, key="value")

    def refresh_data(self) -> None:
        config = self.office.evaluation_settings()
        outside = config["pejabat_luar"]
        thresholds = config["ambang_perilaku"]
        values = {
            "penilai": official_words(outside["penilai"]),
            "atasan": official_words(outside["atasan"]),
            "ambang": t(
                "pengaturan.evaluasi.ambang_value",
                atas=thresholds["di_atas"],
                sesuai=thresholds["sesuai"],
            ),
            "min_penilai_anonim": t(
                "pengaturan.evaluasi.anonim_value", count=config["min_penilai_anonim"]
            ),
        }
        self.refill(
            [
                (
                    row,
                    (
                        fit(t(f"pengaturan.evaluasi.row.{row}"), LABEL_WIDTH),
                        fit(values[row], VALUE_WIDTH),
                    ),
                )
                for row in ROWS
            ]
        )
        self.query_one("#evaluasi-matrix", Static).update(matrix_text(config["matriks"]))

    def action_curve(self) -> None:
        try:
            config = self.office.evaluation_settings()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        self.app.push_screen(
            TextDialog(t("pengaturan.evaluasi.curve_dialog"), curve_text(config), box_id="ev-curve")
        )

    def action_edit(self) -> None:
        row = self.highlighted_key()
        if row in ("penilai", "atasan"):
            self._edit_official(row)
        elif row == "ambang":
            self._edit_thresholds()
        elif row == "min_penilai_anonim":
            self._edit_minimum()

    def _form(
        self,
        title: str,
        fields: list[Field],
        load: Any,
        changes: Any,
        *,
        field_for: Any = None,
    ) -> None:
        """A form over the settings record; ``changes(values)`` is the ``evaluasi`` part to save."""
        settings = self.office.settings()

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            return self.office.update_settings(current, {"evaluasi": changes(current, values)})

        form = SettingsForm(
            title,
            fields,
            load(settings),
            save,
            current=settings,
            load=load,
            field_for=field_for,
            note=t("pengaturan.evaluasi.form_note"),
        )
        self.app.push_screen(form, self.after_form(t("pengaturan.evaluasi.saved")))

    def _edit_official(self, role: str) -> None:
        def load(record: Record) -> Values:
            stored = _config(record)["pejabat_luar"][role]
            return {key: str(stored.get(key, "")) for key in OFFICIAL_FIELDS}

        def changes(current: Record, values: Values) -> dict[str, Any]:
            outside = dict(_config(current)["pejabat_luar"])
            outside[role] = dict(values)
            return {"pejabat_luar": outside}

        self._form(
            t(f"pengaturan.evaluasi.form.{role}"),
            [Field(key, t(f"pengaturan.evaluasi.official.{key}")) for key in OFFICIAL_FIELDS],
            load,
            changes,
        )

    def _edit_thresholds(self) -> None:
        def load(record: Record) -> Values:
            thresholds = _config(record)["ambang_perilaku"]
            return {code: str(thresholds[code]) for code in ("di_atas", "sesuai")}

        def changes(_current: Record, values: Values) -> dict[str, Any]:
            return {"ambang_perilaku": {code: values[code].strip() for code in values}}

        def field_for(err: KinerjaError) -> str | None:
            field = err.field if isinstance(err, ValidationError) else None
            return "di_atas" if field == "ambang_perilaku" else field

        self._form(
            t("pengaturan.evaluasi.form.ambang"),
            [
                Field(code, t(f"pengaturan.evaluasi.ambang.{code}"), placeholder="0-100")
                for code in ("di_atas", "sesuai")
            ],
            load,
            changes,
            field_for=field_for,
        )

    def _edit_minimum(self) -> None:
        def load(record: Record) -> Values:
            return {"min_penilai_anonim": str(_config(record)["min_penilai_anonim"])}

        def changes(_current: Record, values: Values) -> dict[str, Any]:
            text = values["min_penilai_anonim"].strip()
            return {"min_penilai_anonim": int(text) if text.isdigit() else text}

        self._form(
            t("pengaturan.evaluasi.form.min_penilai_anonim"),
            [Field("min_penilai_anonim", t("pengaturan.evaluasi.row.min_penilai_anonim"))],
            load,
            changes,
        )


def _config(settings: Mapping[str, Any]) -> dict[str, Any]:
    from models.evaluation import settings_of

    return settings_of(settings)
