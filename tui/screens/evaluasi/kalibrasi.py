"""Kalibrasi: the period's employees grouped by official predikat, against the curve.

The calibration meeting looks at who has which predikat and whether the
distribution follows the organisation's curve; moving to an employee and typing
a rating key changes that rating, after a reason (every change made here needs
one, and the audit trail keeps it).  The rater diagnostics, advisory, are one key
away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from models.dates import format_decimal
from models.diagnostics import EmployeeFigures, RaterFigures
from models.evaluation import RATINGS
from models.evaluations import EvaluationLine, rules_field_label
from models.i18n import get_language, t
from models.labels import evaluation_rating_key, evaluation_rating_label
from tui.keys import keys
from tui.screens.evaluasi.common import EvaluationScreen
from tui.screens.evaluasi.dialogs import STORED, Changes, rating_words

AGREEMENT_SHOWN = 15
"""Employees listed by how much their raters disagree (the rest are in agreement enough)."""


class KalibrasiScreen(EvaluationScreen):
    """The calibration view: grouped by predikat, every change with a reason."""

    SCREEN_ID = "kalibrasi"
    GROUPED = True
    CALIBRATION = True

    BINDINGS = keys("kalibrasi")

    def ready_text(self) -> str:
        keys = "/".join(evaluation_rating_key(code) for code in RATINGS)
        return t("kalibrasi.ready", keys=keys)

    def rate(self, line: EvaluationLine, field: str, code: str | None) -> None:
        if getattr(line, field) == code:
            label = rules_field_label(STORED[field])
            nilai = evaluation_rating_label(code)
            self.say(t("kalibrasi.unchanged", nama=line.nama, field=label, nilai=nilai), "warning")
            return
        changes: Changes = {field: code}
        self.ask_reason(line, changes, prefill="", said=rating_words(line, field, code))

    def action_diagnostics(self) -> None:
        def report(kode: str) -> str | Text:
            raters = self.office.rater_figures(kode)
            agreement = self.office.agreement(kode)
            names = {nip: str(e["nama"]) for nip, e in self.office.employees_by_nip().items()}
            return diagnostics_text(raters, agreement, names)

        self.show_report("kalibrasi.diag.title", report)


def _number(value: float) -> str:
    return format_decimal(round(value, 2), get_language())


def diagnostics_text(
    raters: Sequence[RaterFigures],
    agreement: Mapping[str, EmployeeFigures],
    names: Mapping[str, str],
) -> str:
    """The rater diagnostics in words: lenient and severe raters, then the employees whose
    raters disagree most and those who rate themselves far from the others."""
    lines = [t("kalibrasi.diag.advisory"), ""]
    flagged = [r for r in raters if r.tanda]
    if raters:
        office_mean = raters[0].rerata - raters[0].selisih
        lines.append(
            t("kalibrasi.diag.office_mean", rerata=_number(office_mean), count=len(raters))
        )
    if not flagged:
        lines.append(t("kalibrasi.diag.no_flag"))
    for rater in sorted(flagged, key=lambda r: -abs(r.selisih)):
        lines.append(
            t(
                f"kalibrasi.diag.{rater.tanda}",
                nama=names.get(rater.nip, rater.nip),
                count=rater.jumlah,
                rerata=_number(rater.rerata),
                selisih=_number(abs(rater.selisih)),
                sebaran=_number(rater.sebaran),
            )
        )
    lines += ["", t("kalibrasi.diag.agreement_title")]
    spread = sorted(
        (f for f in agreement.values() if f.sebaran is not None),
        key=lambda f: -(f.sebaran or 0.0),
    )
    if not spread:
        lines.append(t("kalibrasi.diag.no_agreement"))
    for figures in spread[:AGREEMENT_SHOWN]:
        lines.append(
            t(
                "kalibrasi.diag.spread",
                nama=names.get(figures.nip, figures.nip),
                count=figures.jumlah,
                sebaran=_number(figures.sebaran or 0.0),
            )
        )
    lines += ["", t("kalibrasi.diag.self_title")]
    gaps = sorted(
        (f for f in agreement.values() if f.selisih_diri is not None),
        key=lambda f: -abs(f.selisih_diri or 0.0),
    )
    if not gaps:
        lines.append(t("kalibrasi.diag.no_self"))
    for figures in gaps[:AGREEMENT_SHOWN]:
        gap = figures.selisih_diri or 0.0
        lines.append(
            t(
                "kalibrasi.diag.self_higher" if gap > 0 else "kalibrasi.diag.self_lower",
                nama=names.get(figures.nip, figures.nip),
                selisih=_number(abs(gap)),
            )
        )
    return "\n".join(lines)
