"""The Peringkat screen's dialogs: a nilai's breakdown, the report card, the predikat chart,
the award form and the awards given.  All are built from the dialog kit (tui/dialogs/).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Static

from models import awards as award_rules
from models.dates import format_date_short, parse_iso
from models.documents import default_file_name, write_report
from models.i18n import t
from models.labels import predikat_label
from models.office import Office
from models.report import ReportCard, breakdown_lines, render_text
from models.scoring import PREDIKAT, PeriodResult, ScoreLine, predikat_distribution
from tui.dialogs.base import Dialog
from tui.dialogs.confirm import Confirm
from tui.dialogs.form import FormDialog, Record, Values
from tui.dialogs.prompt import Prompt, Refused
from tui.dialogs.text import TextDialog
from tui.keys import keys
from tui.saving import confirm_then

BAR: str = "█"
"""Bar character of the predikat chart; the Linux console font has it too."""
BAR_WIDTH = 36
MODAL_TEXT_WIDTH = 72
"""Text width inside the 78-column dialogs (border, padding and scrollbar take the rest)."""


def cell(value: str, *, right: bool = False) -> Text:
    """A table cell that is never read as markup and is cut with an ellipsis."""
    return Text(value, no_wrap=True, overflow="ellipsis", justify="right" if right else "left")


def export_dialog(card: ReportCard) -> Prompt:
    """Where to write the PDF report; the current directory unless another path is typed."""

    def write(text: str, force: bool = False) -> str:
        if not text.strip():
            raise Refused(t("peringkat.export_path_required"))
        return str(write_report(card, Path(text.strip()), force=force))

    return Prompt(
        t("peringkat.export_title", nama=card.nama),
        default_file_name(card),
        note=t("peringkat.export_path"),
        hint=t("peringkat.export_hint"),
        submit=write,
        overwrite=lambda text: write(text, force=True),
        done=lambda path: t("peringkat.export_done", path=path),
    )


class RincianModal(TextDialog):
    """How one nilai came about, step by step, so a clerk can explain it."""

    BINDINGS = keys("peringkat.rincian")

    def __init__(self, card: ReportCard) -> None:
        super().__init__(
            t("peringkat.rincian_title", nama=card.nama, unit=card.unit),
            "\n".join(breakdown_lines(card, MODAL_TEXT_WIDTH)),
            t("peringkat.rincian_hint"),
            box_id="pk-rincian",
        )
        self.card = card

    def action_report(self) -> None:
        self.app.push_screen(LaporanModal(self.card))

    def action_export(self) -> None:
        self.app.push_screen(export_dialog(self.card))


class LaporanModal(TextDialog):
    """The whole report card as text, scrollable, before printing it."""

    BINDINGS = keys("peringkat.laporan")

    def __init__(self, card: ReportCard) -> None:
        super().__init__(
            "",
            render_text(card, MODAL_TEXT_WIDTH),
            t("peringkat.laporan_hint"),
            box_id="pk-laporan",
        )
        self.card = card

    def action_export(self) -> None:
        self.app.push_screen(export_dialog(self.card))


def distribution_chart(result: PeriodResult) -> str:
    """One block per unit (and one for the office): counts per predikat with bars."""
    table = predikat_distribution(result)
    total = dict.fromkeys(PREDIKAT, 0)
    for counts in table.values():
        for predikat, count in counts.items():
            total[predikat] += count
    biggest = max([*total.values(), 1])
    labels = {p: predikat_label(p) for p in PREDIKAT}
    label_width = max(len(label) for label in labels.values()) + 1
    blocks: list[str] = []
    for unit, counts in [(t("peringkat.scope_all"), total), *table.items()]:
        lines = [f"{unit} ({sum(counts.values())})"]
        for predikat in PREDIKAT:
            count = counts[predikat]
            bar = BAR * (0 if count == 0 else max(1, round(count * BAR_WIDTH / biggest)))
            lines.append(f"  {labels[predikat]:<{label_width}}{count:>3} {bar}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def distribution_dialog(result: PeriodResult, period_name: str) -> TextDialog:
    """How many ranked employees each unit has in each predikat, as a bar chart."""
    return TextDialog(
        t("peringkat.distribusi_title", periode=period_name),
        distribution_chart(result),
        t("peringkat.distribusi_hint"),
        box_id="pk-distribusi",
    )


class AwardForm(FormDialog):
    """Confirm an award candidate: kind of award, decree number and date, note."""

    FIELDS = ("jenis", "nomor_sk", "tanggal_sk", "catatan")
    LABEL_CLASS = "award-label"

    DEFAULT_CSS = """
    AwardForm .form-row { height: 1; margin-top: 1; }
    AwardForm .award-label { width: 22; }
    AwardForm .form-row Input { width: 1fr; background: $boost; }
    AwardForm .field-error { padding-left: 22; }
    AwardForm .dialog-hint { margin-top: 1; }
    """

    def __init__(self, office: Office, kode: str, line: ScoreLine, nilai: str) -> None:
        super().__init__()
        self.office = office
        self.kode = kode
        self.line = line
        self.nilai = nilai

    def compose(self) -> ComposeResult:
        line = self.line
        with Vertical(classes="dialog-box", id="pk-award"):
            yield Static(Text(t("peringkat.award_title")), classes="dialog-title")
            yield Static(
                Text(
                    t(
                        "peringkat.award_who",
                        nama=line.nama,
                        nilai=self.nilai,
                        predikat=predikat_label(line.predikat),
                        rank=line.peringkat,
                    )
                )
            )
            for field in self.FIELDS:
                yield self.row(
                    field,
                    t(f"peringkat.award_field.{field}"),
                    Input(
                        value=award_rules.JENIS_UMUM[0] if field == "jenis" else "",
                        id=f"f-{field}",
                        compact=True,
                        suggester=SuggestFromList(award_rules.JENIS_UMUM, case_sensitive=False)
                        if field == "jenis"
                        else None,
                        placeholder=t("dates.placeholder") if field == "tanggal_sk" else "",
                    ),
                )
                yield self.error_line(field)
            yield self.general_error()
            yield Static(Text(t("peringkat.award_hint")), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#f-jenis").focus()

    def save(self, values: Values) -> Record:
        return self.office.confirm_award(self.kode, self.line.nip, **values)


class AwardList(Dialog[None]):
    """Awards given for the period; one given by mistake can be revoked."""

    BINDINGS = keys("peringkat.awards")

    def __init__(self, office: Office, kode: str) -> None:
        super().__init__()
        self.office = office
        self.kode = kode
        self.records: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="pk-award-list"):
            yield Static(
                t("peringkat.award_list_title", kode=self.kode),
                classes="dialog-title",
                markup=False,
            )
            yield DataTable(id="pk-award-table", cursor_type="row")
            yield Static(t("peringkat.award_list_empty"), id="pk-award-empty", markup=False)
            yield Static(t("peringkat.award_list_hint"), classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#pk-award-table", DataTable)
        table.styles.max_height = 16
        table.styles.height = "auto"
        table.add_column(t("peringkat.col.nama"), width=20, key="nama")
        table.add_column(t("peringkat.award_field_short.jenis"), width=20, key="jenis")
        table.add_column(t("peringkat.award_field_short.nomor_sk"), width=12, key="nomor")
        table.add_column(t("peringkat.award_field_short.tanggal_sk"), width=10, key="tanggal")
        self.reload()
        table.focus()

    def reload(self) -> None:
        table = self.query_one("#pk-award-table", DataTable)
        table.clear()
        people = self.office.employees_by_nip()
        self.records = {}
        for record in self.office.awards(self.kode):
            key = str(record["id"])
            self.records[key] = record
            nama = str(people.get(record["nip"], {}).get("nama", record["nip"]))
            tanggal = record.get("tanggal_sk")
            table.add_row(
                cell(nama),
                cell(str(record["jenis"])),
                cell(str(record.get("nomor_sk") or "–")),
                cell(format_date_short(parse_iso(tanggal)) if tanggal else "–"),
                key=key,
            )
        table.display = bool(self.records)
        self.query_one("#pk-award-empty", Static).display = not self.records

    def action_revoke(self) -> None:
        table = self.query_one("#pk-award-table", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        record = self.records.get(str(key))
        if record is None:
            return
        nama = str(self.office.employees_by_nip().get(record["nip"], {}).get("nama", record["nip"]))

        def revoked(_: None) -> None:
            self.notify(t("peringkat.award_revoked", nama=nama, jenis=record["jenis"]))
            self.reload()

        def changed_meanwhile() -> None:
            self.notify(t("dialog.changed_retry"), severity="warning", timeout=8)
            self.reload()

        confirm_then(
            self,
            Confirm(
                t("peringkat.revoke_question", nama=nama, jenis=record["jenis"]),
                default_yes=False,
            ),
            lambda: self.office.revoke_award(record),
            revoked,
            on_conflict=changed_meanwhile,
        )
