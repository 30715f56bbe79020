"""Pengaturan, section 5: the official evaluation's settings (README, "The official evaluation").

The table lists what the clerk edits here: the two officials outside the office
who evaluate the head of office, the 360 nilai from which perilaku kerja is
suggested, how many raters a role needs before its figures are shown to the
rated employee, the predikat table (hasil × perilaku) and the distribution
curve of each organisation predikat.  The table and the curve are settings data
with the official values as defaults, so a correction needs no code change: ``e``
corrects a cell of the table or a limit of a curve, ``d`` puts the official
values back; anything else (which predikat a rule counts, more or fewer rules)
goes through ``kinerja import pengaturan-evaluasi`` (README, "Correcting the
table and the curve").  Under the table, the highlighted row's table or curve
in full; the whole of both is one key away (``v``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from models.errors import KinerjaError, ValidationError
from models.evaluation import (
    DEFAULT_CURVE,
    DEFAULT_MATRIX,
    OFFICIAL_FIELDS,
    ORGANISASI,
    RATINGS,
    changed_cells,
    curve_is_official,
    describe_rule,
    settings_of,
    with_limits,
)
from models.i18n import t
from models.labels import evaluation_rating_label, official_predikat_label, organisation_label
from tui.dialogs.form import Record, Values
from tui.dialogs.text import TextDialog
from tui.keys import keys
from tui.screens.pengaturan.evaluasi_forms import (
    CurveForm,
    MatrixForm,
    curve_error_field,
    curve_fields,
    curve_values,
    matrix_fields,
    matrix_of,
    matrix_values,
)
from tui.screens.pengaturan.forms import Field
from tui.screens.pengaturan.section import SettingsSection
from tui.widgets.text import fit

CURVE_ROW: Final = "kurva."
"""The key of a curve's row is this and the organisation predikat: ``kurva.baik``."""
ROWS: Final = (
    "penilai",
    "atasan",
    "ambang",
    "min_penilai_anonim",
    "matriks",
    *(CURVE_ROW + org for org in ORGANISASI),
)
"""The table's rows: each outside official, the suggestion thresholds, the anonymity
minimum, the predikat table and one row per organisation predikat's curve."""
LABEL_WIDTH = 34
VALUE_WIDTH = 40
MATRIX_COLUMN = 18
DETAIL_RULES = 3
"""Rule lines under the table: the height of the predikat table below its heading."""
DETAIL_WIDTH = 78
"""The width inside the section (80 columns less its padding)."""


def official_words(data: Mapping[str, str]) -> str:
    """ "Drs. A, Bupati, Pemerintah Kabupaten X" or "belum diisi"."""
    parts = [data.get(key, "") for key in ("nama", "jabatan", "instansi")]
    return ", ".join(p for p in parts if p) or t("pengaturan.evaluasi.unset")


def matrix_words(matrix: Mapping[str, Mapping[str, str]]) -> str:
    """The predikat table's row: official, or how many cells differ from the official one."""
    count = changed_cells(matrix)
    if not count:
        return t("pengaturan.evaluasi.matrix_official")
    return t("pengaturan.evaluasi.matrix_changed", count=count)


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
        text.append(f"\n{organisation_label(org)}: {rules_words(config['kurva'][org])}")
    text.append("\n\n" + t("pengaturan.evaluasi.correcting"))
    return text


def rules_words(rules: Sequence[Mapping[str, Any]]) -> str:
    """A curve's rules in words, one after the other."""
    return "; ".join(describe_rule(rule) for rule in rules) or t("pengaturan.evaluasi.curve_empty")


def curve_detail(curve: Mapping[str, Any], org: str) -> Text:
    """One organisation predikat's rules, one a line (as many as ``DETAIL_RULES``), and
    whether they are the official ones."""
    rules = curve[org]
    state = "official" if curve_is_official(curve, org) else "changed"
    heading = t("pengaturan.evaluasi.curve_detail", organisasi=organisation_label(org))
    text = Text(fit(f"{heading} {t(f'pengaturan.evaluasi.curve_{state}')}", DETAIL_WIDTH))
    text.stylize("bold", 0, len(heading))
    shown = rules if len(rules) <= DETAIL_RULES else rules[: DETAIL_RULES - 1]
    for rule in shown:
        text.append("\n• " + describe_rule(rule))
    if len(shown) < len(rules):
        text.append("\n• " + t("pengaturan.evaluasi.curve_more", count=len(rules) - len(shown)))
    if not rules:
        text.append("\n" + t("pengaturan.evaluasi.curve_empty"))
    return text


def curve_org(row: str | None) -> str | None:
    """The organisation predikat of a curve's row, None for any other row."""
    if row is None or not row.startswith(CURVE_ROW):
        return None
    return row.removeprefix(CURVE_ROW)


class EvaluasiSection(SettingsSection):
    """The evaluation settings, one per row; e (or Enter) edits the highlighted one."""

    NAME = "evaluasi"
    DEFAULT_CSS = """
    EvaluasiSection #evaluasi-table { max-height: 11; }
    EvaluasiSection #evaluasi-detail { height: 4; margin-top: 1; }
    """
    BINDINGS = keys("pengaturan.evaluasi")
    PART = "evaluasi"
    FORM_NOTE = "pengaturan.evaluasi.form_note"
    COLUMNS = (
        ("pengaturan.evaluasi.col_setting", LABEL_WIDTH, "label"),
        ("pengaturan.evaluasi.col_value", VALUE_WIDTH, "value"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.config: dict[str, Any] = {}
        """The settings as last shown."""

    def compose_below(self) -> ComposeResult:
        yield Static("", id="evaluasi-detail")

    def refresh_data(self) -> None:
        config = self.config = self.office.evaluation_settings()
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
            "matriks": matrix_words(config["matriks"]),
        }
        labels = {row: t(f"pengaturan.evaluasi.row.{row}") for row in values}
        for org in ORGANISASI:
            rules = config["kurva"][org]
            labels[CURVE_ROW + org] = t(
                "pengaturan.evaluasi.row.kurva", organisasi=organisation_label(org)
            )
            values[CURVE_ROW + org] = rules_words(rules)
        self.refill(
            [(row, (fit(labels[row], LABEL_WIDTH), fit(values[row], VALUE_WIDTH))) for row in ROWS]
        )

    def show_highlighted(self) -> None:
        """The highlighted curve's rules in full; on any other row, the predikat table."""
        if not self.config:
            return
        org = curve_org(self.highlighted_key())
        detail = (
            matrix_text(self.config["matriks"])
            if org is None
            else curve_detail(self.config["kurva"], org)
        )
        self.query_one("#evaluasi-detail", Static).update(detail)
        self.screen.refresh_bindings()  # d: only on the table and the curves

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "official":
            row = self.highlighted_key()
            return row == "matriks" or curve_org(row) is not None
        return True

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
        org = curve_org(row)
        if row in ("penilai", "atasan"):
            self._edit_official(row)
        elif row == "ambang":
            self._edit_thresholds()
        elif row == "min_penilai_anonim":
            self._edit_minimum()
        elif row == "matriks":
            self._edit_matrix()
        elif org is not None:
            self._edit_curve(org)

    def action_official(self) -> None:
        """Put the official table, or one curve's official rules, back (after asking)."""
        row = self.highlighted_key()
        org = curve_org(row)
        try:
            config = self.office.evaluation_settings()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        if org is None:
            if row != "matriks":
                return
            changes: dict[str, Any] = {"matriks": DEFAULT_MATRIX}
            what = t("pengaturan.evaluasi.official_matrix")
            differs = changed_cells(config["matriks"]) > 0
        else:
            changes = {"kurva": {**config["kurva"], org: DEFAULT_CURVE[org]}}
            what = t("pengaturan.evaluasi.official_curve", organisasi=organisation_label(org))
            differs = not curve_is_official(config["kurva"], org)
        if not differs:
            self.notify(t("pengaturan.evaluasi.already_official", what=what))
            return

        def restore() -> None:
            self.apply(
                lambda: self.office.update_settings(self.office.settings(), {"evaluasi": changes}),
                t("pengaturan.evaluasi.official_done", what=what),
            )

        self.confirm(
            t("pengaturan.evaluasi.official_title"),
            t("pengaturan.evaluasi.official_question", what=what),
            restore,
        )

    def _edit_matrix(self) -> None:
        def load(record: Record) -> Values:
            return matrix_values(settings_of(record)["matriks"])

        def changes(_current: Record, values: Values) -> dict[str, Any]:
            return {"matriks": matrix_of(values)}

        self.edit_settings(
            t("pengaturan.evaluasi.form.matriks"),
            matrix_fields(),
            load,
            changes,
            kind=MatrixForm,
        )

    def _edit_curve(self, org: str) -> None:
        rules = self.config["kurva"][org] if self.config else []
        if not rules:
            self.notify(t("pengaturan.evaluasi.curve_no_rules"), severity="warning", timeout=8)
            return

        def load(record: Record) -> Values:
            return curve_values(settings_of(record)["kurva"][org])

        def changes(current: Record, values: Values) -> dict[str, Any]:
            stored = settings_of(current)["kurva"]
            typed = [values[f"r{index}"] for index in range(len(values))]
            return {"kurva": with_limits(stored, org, typed)}

        self.edit_settings(
            t("pengaturan.evaluasi.form.kurva", organisasi=organisation_label(org)),
            curve_fields(rules),
            load,
            changes,
            field_for=curve_error_field(org, len(rules)),
            kind=CurveForm,
            note=t("pengaturan.evaluasi.curve_note"),
        )

    def _edit_official(self, role: str) -> None:
        def load(record: Record) -> Values:
            stored = settings_of(record)["pejabat_luar"][role]
            return {key: str(stored.get(key, "")) for key in OFFICIAL_FIELDS}

        def changes(current: Record, values: Values) -> dict[str, Any]:
            outside = dict(settings_of(current)["pejabat_luar"])
            outside[role] = dict(values)
            return {"pejabat_luar": outside}

        self.edit_settings(
            t(f"pengaturan.evaluasi.form.{role}"),
            [Field(key, t(f"pengaturan.evaluasi.official.{key}")) for key in OFFICIAL_FIELDS],
            load,
            changes,
        )

    def _edit_thresholds(self) -> None:
        def load(record: Record) -> Values:
            thresholds = settings_of(record)["ambang_perilaku"]
            return {code: str(thresholds[code]) for code in ("di_atas", "sesuai")}

        def changes(_current: Record, values: Values) -> dict[str, Any]:
            return {"ambang_perilaku": {code: values[code].strip() for code in values}}

        def field_for(err: KinerjaError) -> str | None:
            field = err.field if isinstance(err, ValidationError) else None
            return "di_atas" if field == "ambang_perilaku" else field

        self.edit_settings(
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
            return {"min_penilai_anonim": str(settings_of(record)["min_penilai_anonim"])}

        def changes(_current: Record, values: Values) -> dict[str, Any]:
            text = values["min_penilai_anonim"].strip()
            return {"min_penilai_anonim": int(text) if text.isdigit() else text}

        self.edit_settings(
            t("pengaturan.evaluasi.form.min_penilai_anonim"),
            [Field("min_penilai_anonim", t("pengaturan.evaluasi.row.min_penilai_anonim"))],
            load,
            changes,
        )
