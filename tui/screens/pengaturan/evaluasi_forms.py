"""The forms of Pengaturan section 5 that correct the official rules (README, "Correcting
the table and the curve"): the predikat table as the 3 × 3 grid it is, and the limits
of one organisation predikat's distribution curve.

Both are ``SettingsForm``s: the model checks what is saved and a refusal is shown
under the field it concerns.  Which predikat a rule counts, and adding or removing
rules, are corrected through ``kinerja import pengaturan-evaluasi``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from models.errors import KinerjaError, ValidationError
from models.evaluation import PREDIKAT, RATINGS, rule_field
from models.i18n import t
from models.labels import evaluation_rating_label, official_predikat_label
from tui.screens.pengaturan.forms import Field, FieldFor, SettingsForm

MATRIX_LABEL: Final = 12
"""The width of the grid's row labels (hasil kerja); the three columns share the rest,
each wide enough for the longest predikat and the list's arrow."""


def cell_name(hasil: str, perilaku: str) -> str:
    """The field of one cell of the predikat table."""
    return f"{hasil}__{perilaku}"


def matrix_fields() -> list[Field]:
    """The nine cells, row by row, each a choice of the five predikat."""
    options = tuple((official_predikat_label(code), code) for code in PREDIKAT)
    return [
        Field(
            cell_name(hasil, perilaku),
            t(
                "pengaturan.evaluasi.cell",
                hasil=evaluation_rating_label(hasil, short=True),
                perilaku=evaluation_rating_label(perilaku, short=True),
            ),
            options=options,
        )
        for hasil in RATINGS
        for perilaku in RATINGS
    ]


def matrix_values(matrix: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    return {cell_name(h, p): matrix[h][p] for h in RATINGS for p in RATINGS}


def matrix_of(values: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The table the form's cells give, to be checked and saved by the office."""
    return {h: {p: values[cell_name(h, p)] for p in RATINGS} for h in RATINGS}


class MatrixForm(SettingsForm):
    """The predikat table as a grid: rows hasil kerja, columns perilaku kerja.

    Every cell is a choice, so Enter opens the list rather than saving; the form
    saves with its Simpan button (Tab after the last cell).
    """

    DEFAULT_CSS = f"""
    MatrixForm .form-row.matrix-line {{ height: 1; margin-top: 0; }}
    MatrixForm .form-row.matrix-head {{ margin-top: 1; }}
    MatrixForm .matrix-line .form-label {{ width: {MATRIX_LABEL}; text-style: bold; }}
    MatrixForm .matrix-column {{ width: 1fr; text-style: bold; }}
    MatrixForm #matrix-caption {{ color: $text-muted; }}
    MatrixForm #form-buttons {{ height: 1; margin-top: 1; }}
    MatrixForm #form-buttons Button {{ margin-right: 2; }}
    """

    def compose(self) -> ComposeResult:
        cells = {field.name: field for field in self.fields}
        with Vertical(id="settings-form", classes="dialog-box"):
            yield Static(self.form_title, classes="dialog-title")
            yield Static(t("pengaturan.evaluasi.matrix_caption"), id="matrix-caption")
            yield Horizontal(
                Label("", classes="form-label"),
                *(
                    Label(evaluation_rating_label(p, short=True), classes="matrix-column")
                    for p in RATINGS
                ),
                classes="matrix-line form-row matrix-head",
            )
            for hasil in RATINGS:
                yield self.row(
                    hasil,
                    evaluation_rating_label(hasil, short=True),
                    *(self._widget_for(cells[cell_name(hasil, p)]) for p in RATINGS),
                    classes="matrix-line form-row",
                )
            yield self.general_error()
            if self.note:
                yield Static(self.note, classes="form-note")
            with Horizontal(id="form-buttons"):
                yield from self.buttons(
                    t("pengaturan.evaluasi.form_save"), t("pengaturan.evaluasi.form_cancel")
                )
            yield Static(t("pengaturan.evaluasi.matrix_hint"), classes="form-hint")

    def conflict_labels(self) -> Mapping[str, str]:
        return {field.name: field.label for field in self.fields}


def curve_fields(rules: Sequence[Mapping[str, Any]]) -> list[Field]:
    """One field per rule, its limit, labelled with the rule in words: "Baik ≤ … %"."""
    fields: list[Field] = []
    for index, rule in enumerate(rules):
        names = " + ".join(official_predikat_label(code) for code in rule["predikat"])
        sign = "≤" if rule["banding"] == "<=" else "≥"
        kind = "count" if "jumlah" in rule else "share"
        fields.append(
            Field(
                f"r{index}",
                t(f"pengaturan.evaluasi.limit_{kind}", predikat=names, banding=sign),
                placeholder=t(f"pengaturan.evaluasi.limit_{kind}_placeholder"),
            )
        )
    return fields


def curve_values(rules: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {
        f"r{index}": str(rule["jumlah"] if "jumlah" in rule else rule["persen"])
        for index, rule in enumerate(rules)
    }


class CurveForm(SettingsForm):
    """The limits of one organisation predikat's rules, each beside its rule in words.

    A curve of more than ``ROOMY`` rules (only a file import makes one) has its
    lines closer together, so the form still fits 24 lines.
    """

    ROOMY = 5
    DEFAULT_CSS = """
    CurveForm .form-row .form-label { width: 48; }
    CurveForm .field-error { padding-left: 2; }
    CurveForm.dense .form-row { margin-top: 0; }
    """

    def on_mount(self) -> None:
        # Textual runs SettingsForm's own on_mount (the focus) after this one.
        self.set_class(len(self.fields) > self.ROOMY, "dense")


def curve_error_field(org: str, count: int) -> FieldFor:
    """Where a refusal goes in the form of ``org``'s ``count`` limits: under the limit it
    names, or (another part of the settings) under the form."""

    def field_for(err: KinerjaError) -> str | None:
        if isinstance(err, ValidationError):
            for index in range(count):
                if err.field == rule_field(org, index):
                    return f"r{index}"
        return None

    return field_for
