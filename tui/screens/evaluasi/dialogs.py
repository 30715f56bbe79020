"""The evaluation screens' dialogs and words: the organisation's predikat, a change in words,
and how a conflicting save is settled (``tui.dialogs.cell_conflict``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from rich.text import Text

from models.dates import format_decimal
from models.evaluation import ORGANISASI
from models.evaluations import CellConflict, EvaluationLine, resolution, rules_field_label
from models.i18n import get_language, t
from models.labels import evaluation_rating_label, organisation_label
from models.nip import format_nip
from models.office import Office
from models.search import search_text
from tui.dialogs.cell_conflict import KEEP_STORED, CellChoice
from tui.dialogs.picker import Picker, PickList, PickRow
from tui.widgets.text import fit

Changes = dict[str, str | None]
"""Keyword arguments of ``Office.save_evaluation``: hasil, perilaku, alasan, catatan."""

KEYWORD: Final = {
    "hasil_kerja": "hasil",
    "perilaku_kerja": "perilaku",
    "alasan": "alasan",
    "catatan": "catatan",
}
"""A stored field (as a conflict names it) and the keyword that sets it."""
STORED: Final = {keyword: field for field, keyword in KEYWORD.items()}
LINE_WIDTH = 78
"""The detail lines, cut to fit inside the 80-column screen with its padding."""


def shown_value(field: str, value: Any) -> str:
    """A stored value of ``field`` in words (a rating's label, "kosong" for nothing)."""
    if value is None or value == "":
        return t("evaluasi.empty")
    if field in ("hasil_kerja", "perilaku_kerja"):
        return evaluation_rating_label(str(value))
    return str(value)


def rating_words(line: EvaluationLine, keyword: str, code: str | None) -> str:
    """ "Tersimpan: Ani · hasil kerja Di atas", or "Dihapus: Ani · hasil kerja"."""
    field = rules_field_label(STORED[keyword])
    if code is None:
        return t("evaluasi.cleared", nama=line.nama, field=field)
    nilai = evaluation_rating_label(code, short=True)
    return t("evaluasi.saved", nama=line.nama, field=field, nilai=nilai)


def change_words(line: EvaluationLine, changes: Changes) -> str:
    """ "Alasan: perilaku kerja Ani Sesuai → Di atas (saran nilai 360: Sesuai)"."""
    keyword = next(k for k in changes if k in ("hasil", "perilaku"))
    field = STORED[keyword]
    words = t(
        "evaluasi.reason.change",
        field=rules_field_label(field),
        nama=line.nama,
        lama=shown_value(field, getattr(line, keyword)),
        baru=shown_value(field, changes[keyword]),
    )
    if keyword == "perilaku" and line.saran is not None:
        words += " " + t("evaluasi.reason.saran", saran=evaluation_rating_label(line.saran))
    return words


def detail_text(line: EvaluationLine) -> Text:
    """Two lines on one employee: who they are and their pejabat penilai; the 360 nilai,
    the perilaku it suggests and the reason given (or that it is missing)."""
    penilai = line.penilai
    if penilai is None:
        official = t("evaluasi.detail.no_penilai")
    else:
        official = t("evaluasi.detail.penilai", nama=penilai.nama, jabatan=penilai.jabatan)
    first = f"{line.nama} · {format_nip(line.nip)} · {official}"
    if line.nilai is None:
        second = t("evaluasi.detail.no_nilai")
    else:
        second = t(
            "evaluasi.detail.saran",
            nilai=format_decimal(line.nilai, get_language()),
            saran=evaluation_rating_label(line.saran),
        )
    if line.perlu_alasan:
        second += " · " + t("evaluasi.detail.reason_missing")
    elif line.alasan:
        second += " · " + t("evaluasi.detail.reason", alasan=line.alasan)
    text = Text(fit(first, LINE_WIDTH), style="bold")
    text.append("\n" + fit(second, LINE_WIDTH))
    return text


def organisation_picker(current: str | None) -> Picker:
    """The five organisation predikat, and "not set" to clear it."""
    rows = [
        PickRow(code, (organisation_label(code),), search_text(organisation_label(code)))
        for code in ORGANISASI
    ]
    none = t("evaluasi.org.none")
    rows.append(PickRow(None, (none,), search_text(none)))
    choices = PickList(t("evaluasi.org.title"), ((t("evaluasi.org.col"), 70),), rows)
    return Picker(choices, current=current)


def conflict_choice(
    office: Office,
    kode: str,
    line: EvaluationLine,
    changes: Changes,
    *,
    calibration: bool,
    done: Callable[[CellConflict, str], None],
    left: Callable[[], None],
    error: Callable[[str], None],
) -> CellChoice[CellConflict]:
    """How a refused evaluation save is settled.

    Keeping the stored value writes it back with the clerk's choice in the audit
    trail; keeping one's own writes all of ``changes`` again against the newest
    value of the field in conflict (another field changed meanwhile is asked next).
    """

    def write(settled: CellConflict, keep: str) -> None:
        keyword = KEYWORD[settled.field]
        seen = {**(line.record or {}), settled.field: settled.theirs}
        if keep == KEEP_STORED:
            mine: Changes = {keyword: settled.theirs}
        else:
            mine = {**changes, keyword: settled.mine}
        office.save_evaluation(
            kode,
            line.nip,
            seen=seen,
            calibration=calibration,
            resolved=resolution(settled, keep),
            **mine,
        )

    return CellChoice(
        label=lambda c: rules_field_label(c.field),
        shown=lambda c, value: shown_value(c.field, value),
        write=write,
        done=done,
        left=left,
        error=error,
        hint=t("evaluasi.conflict_hint"),
    )
