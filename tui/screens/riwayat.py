"""Riwayat: one employee's career record, period by period, year by year.

Shows each period's nilai, predikat and rank with a small bar chart (full and half
blocks only, which every console font has, so it also reads on TERM=linux and with
NO_COLOR) and under it the official predikat with its two ratings; the workshops
attended with JP per year against the target, awards, and the audit trail of changes
to the ratings they received or gave.  Other screens jump here by posting
``ShowHistory(nip)`` (tui/messages.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.dates import format_date_long, format_datetime, format_day_medium, format_decimal
from models.employee import display_name
from models.errors import KinerjaError
from models.history import CareerHistory
from models.i18n import get_language, t
from models.labels import (
    criterion_label,
    evaluation_rating_label,
    official_predikat_label,
    participation_label,
    predikat_label,
    role_label,
    workshop_kind_label,
)
from models.nip import format_nip
from models.scoring import PREDIKAT
from tui.dialogs.picker import Picked, Picker, employee_list
from tui.keys import keys
from tui.messages import ShowHistory
from tui.screens.base import KinerjaScreen
from tui.widgets.text import ReadingScroll, fit

if TYPE_CHECKING:
    pass

BAR_WIDTH = 10
"""Cells of a full bar (nilai 100); one cell is 10 points, a half block 5."""


def nilai_bar(nilai: Decimal | None) -> str:
    """A horizontal bar for a nilai of 0..100 in full and half blocks."""
    if nilai is None:
        return ""
    halves = int(max(Decimal(0), min(nilai, Decimal(100))) * 2 * BAR_WIDTH / 100)
    return "█" * (halves // 2) + ("▌" if halves % 2 else "")


def _scores_text(skor: Mapping[str, int] | None, labels: Mapping[str, str]) -> str:
    """ "Disiplin 4, Kualitas Kerja 5": the scores of a rating entered or deleted."""
    return ", ".join(f"{labels.get(kode, kode)} {value}" for kode, value in (skor or {}).items())


def score_diff(
    lama: Mapping[str, int] | None, baru: Mapping[str, int] | None, labels: Mapping[str, str]
) -> str:
    """What a change did to the scores, in words: "Komunikasi: kosong → 3; Disiplin: 4 → 5".

    ``labels`` names the criteria (by code); "" when no score changed (a comment only)."""
    if lama is None:
        return _scores_text(baru, labels)
    if baru is None:
        return _scores_text(lama, labels)
    empty = t("riwayat.score_empty")
    parts = []
    for kode in dict.fromkeys([*lama, *baru]):
        old, new = lama.get(kode), baru.get(kode)
        if old != new:
            before = empty if old is None else str(old)
            after = empty if new is None else str(new)
            parts.append(f"{labels.get(kode, kode)}: {before} → {after}")
    return "; ".join(parts)


def render_history(
    hist: CareerHistory,
    names: Mapping[str, str],
    criteria: Mapping[str, Mapping[str, str]] | None = None,
) -> Text:
    """The whole career record as one text block (the screen scrolls it).

    ``criteria`` names each period's criteria by code, for the changes to the scores."""
    lang = get_language()
    nip = str(hist.employee["nip"])
    out = Text()

    def heading(key: str, **params: object) -> None:
        if out:
            out.append("\n")
        out.append(t(key, **params) + "\n", style="bold underline")

    heading("riwayat.section.nilai")
    band = max(len(predikat_label(p)) for p in PREDIKAT)
    office_w = max(len(t("riwayat.col.peringkat")), 7)
    unit_w = max(len(t("riwayat.col.unit")), 5)
    if not hist.periods:
        out.append(t("riwayat.no_periods") + "\n", style="italic")
    else:
        # The office rank and the unit rank are two columns with headings of their own.
        out.append(
            f"{t('riwayat.col.periode'):<10} {t('riwayat.col.nilai'):>6}  "
            f"{t('riwayat.col.predikat'):<{band}} {t('riwayat.col.peringkat'):>{office_w}}  "
            f"{t('riwayat.col.unit'):>{unit_w}}  {t('riwayat.col.tren')}\n",
            style="dim",
        )
    for period in hist.periods:
        nilai = format_decimal(period.nilai, lang) if period.nilai is not None else "—"
        if period.nilai is not None and not period.lengkap:
            nilai += "*"
        rank = f"{period.peringkat}/{period.jumlah_peringkat}" if period.peringkat else "—"
        unit = f"{period.peringkat_unit}/{period.jumlah_unit}" if period.peringkat_unit else "—"
        predikat = predikat_label(period.predikat) if period.predikat else "—"
        out.append(
            f"{fit(period.kode, 10):<10} {nilai:>6}  {predikat:<{band}} {rank:>{office_w}}  "
            f"{unit:>{unit_w}}  "
        )
        out.append(nilai_bar(period.nilai), style="bold" if period.lengkap else "dim")
        out.append("\n")
        if period.hasil_kerja or period.perilaku_kerja:
            out.append("  " + t("riwayat.resmi") + " ")
            out.append(official_predikat_label(period.predikat_resmi), style="bold")
            ratings = t(
                "riwayat.resmi_ratings",
                hasil=evaluation_rating_label(period.hasil_kerja, short=True),
                perilaku=evaluation_rating_label(period.perilaku_kerja, short=True),
            )
            out.append(f" {ratings}\n")
        if period.status == "draf":
            out.append("  " + t("riwayat.draf") + "\n", style="italic")
        elif not period.lengkap and period.alasan:
            out.append(
                "  " + t("riwayat.incomplete", alasan="; ".join(period.alasan)) + "\n",
                style="italic",
            )

    heading("riwayat.section.pelatihan", target=hist.target_jp)
    if not hist.training:
        out.append(t("riwayat.no_training") + "\n", style="italic")
    for year in hist.training:
        status = (
            t("riwayat.jp_reached")
            if year.kurang == 0
            else t("riwayat.jp_short", kurang=year.kurang)
        )
        out.append(f"{year.tahun}  ", style="bold")
        out.append(t("riwayat.jp_year", jp=year.jp, target=year.target) + " — ")
        out.append(status + "\n", style="bold" if year.kurang else "")
        for line in year.lines:
            judul = line.judul
            if line.status != "peserta":
                judul += f" ({participation_label(line.status)})"
            mulai = format_day_medium(dt.date.fromisoformat(line.mulai[:10]), lang)
            sesi = t("riwayat.sesi", hadir=line.hadir, sesi=line.sesi)
            out.append(
                f"  {mulai:<11} {fit(judul, 30):<30} {fit(workshop_kind_label(line.jenis), 10):<10}"
                f" {sesi:>9} {line.jp:>3} JP\n"
            )

    heading("riwayat.section.penghargaan")
    if not hist.awards:
        out.append(t("riwayat.no_awards") + "\n", style="italic")
    for award in hist.awards:
        parts = [str(award.get("periode") or "—"), str(award.get("jenis") or "")]
        sk = str(award.get("nomor_sk") or "")
        tanggal = str(award.get("tanggal_sk") or "")
        if sk or tanggal:
            when = format_date_long(dt.date.fromisoformat(tanggal), lang) if tanggal else ""
            parts.append(t("riwayat.sk", nomor=sk or "—", tanggal=when).rstrip(", "))
        if award.get("catatan"):
            parts.append(str(award["catatan"]))
        out.append("  " + " · ".join(parts) + "\n")

    heading("riwayat.section.perubahan")
    if not hist.changes:
        out.append(t("riwayat.no_changes") + "\n", style="italic")
    for change in reversed(hist.changes):
        try:
            waktu = format_datetime(dt.datetime.fromisoformat(change.waktu), lang)
        except ValueError:
            waktu = change.waktu
        out.append(
            f"{waktu} · {change.pengguna} · {t(f'riwayat.aksi.{change.aksi}')}"
            f" · {change.periode or '—'}\n",
            style="bold",
        )
        peran = role_label(change.peran) if change.peran else "—"
        if change.nip_dinilai == change.nip_penilai:
            who = t("riwayat.change.self")
        elif change.nip_dinilai == nip:
            who = t(
                "riwayat.change.received",
                peran=peran,
                penilai=names.get(change.nip_penilai, format_nip(change.nip_penilai)),
            )
        else:
            who = t(
                "riwayat.change.given",
                peran=peran,
                dinilai=names.get(change.nip_dinilai, format_nip(change.nip_dinilai)),
            )
        labels = (criteria or {}).get(change.periode or "", {})
        details = [score_diff(change.skor_lama, change.skor_baru, labels)]
        if change.catatan_berubah:
            details.append(t("riwayat.catatan_changed"))
        detail = " · ".join(d for d in details if d) or t("riwayat.no_detail")
        out.append(f"  {who}: {detail}\n")
    out.rstrip()
    return out


class RiwayatScreen(KinerjaScreen):
    """Career history of one employee at a time."""

    SCREEN_ID = "riwayat"

    DEFAULT_CSS = """
    #rw-head { height: 2; padding: 0 1; background: $boost; }
    #rw-body { height: 1fr; padding: 0 1; }
    """

    BINDINGS = keys("riwayat")

    def __init__(self) -> None:
        super().__init__()
        self.nip: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="rw-head")
        with ReadingScroll(id="rw-body"):
            yield Static("", id="rw-content")

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#rw-body").focus()

    def on_show_history(self, message: ShowHistory) -> None:
        message.stop()
        self.show_employee(message.nip)

    def show_employee(self, nip: str) -> None:
        """Show ``nip``'s history (used by other screens to jump here)."""
        self.nip = nip
        if self.is_mounted:
            self.refresh_data()
            self.query_one("#rw-body", VerticalScroll).scroll_home(animate=False)

    def _order(self) -> list[dict[str, Any]]:
        """Everyone, active first, by name: the order [ and ] step through."""
        employees = self.office.employees()
        return [e for e in employees if e.get("aktif", True)] + [
            e for e in employees if not e.get("aktif", True)
        ]

    def refresh_data(self) -> None:
        try:
            order = self._order()
            by_nip = self.office.employees_by_nip()
            if self.nip not in by_nip:
                self.nip = str(order[0]["nip"]) if order else None
            if self.nip is None:
                self.query_one("#rw-head", Static).update(t("riwayat.no_employees"))
                self.query_one("#rw-content", Static).update("")
                return
            hist = self.office.history(self.nip)
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        emp = hist.employee
        head = Text(fit(display_name(emp), 60), style="bold")
        if not emp.get("aktif", True):
            head.append(" (" + t("riwayat.nonaktif") + ")", style="italic")
        head.append(
            "\n"
            + fit(
                " · ".join(
                    (
                        format_nip(str(emp["nip"])),
                        str(emp.get("jabatan", "")),
                        str(emp.get("unit", "")),
                    )
                ),
                78,
            )
        )
        self.query_one("#rw-head", Static).update(head)
        names = {nip: display_name(e) for nip, e in by_nip.items()}
        criteria = {
            period.kode: {
                str(c["kode"]): criterion_label(c) for c in self.office.criteria_of(period.kode)
            }
            for period in hist.periods
        }
        self.query_one("#rw-content", Static).update(render_history(hist, names, criteria))

    def action_pick(self) -> None:
        people = self._order()
        choices = employee_list(
            t("riwayat.picker.title"), people, note=t("riwayat.picker.note", count=len(people))
        )

        def chosen(answer: Picked | None) -> None:
            if answer is not None and answer.value:
                self.show_employee(answer.value)

        self.app.push_screen(Picker(choices, current=self.nip), chosen)

    def action_step(self, step: int) -> None:
        order = [str(e["nip"]) for e in self._order()]
        if not order:
            return
        index = order.index(self.nip) if self.nip in order else -step
        self.show_employee(order[(index + step) % len(order)])


__all__ = ["RiwayatScreen", "nilai_bar", "render_history", "score_diff"]
