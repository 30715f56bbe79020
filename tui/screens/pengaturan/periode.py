"""Pengaturan, section 2: the review periods and their life cycle (draf, terbuka, ditutup)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from models import period as period_rules
from models.dates import format_date_long, format_date_short, format_weight, parse_iso
from models.errors import KinerjaError
from models.i18n import get_language, t
from models.labels import criterion_label, period_kind_label, period_status_label
from tui.dialogs.form import Record, Values
from tui.keys import keys
from tui.screens.pengaturan.forms import Field, PeriodForm, date_text
from tui.screens.pengaturan.section import Section

_STATUS_ACTIONS = {
    "open_period": "draf",
    "close_period": "terbuka",
    "reopen_period": "ditutup",
}
"""Each status key is offered only for a period in the status it can leave."""


class PeriodeSection(Section):
    """The periods, newest first, with the highlighted one's dates and criteria below."""

    NAME = "periode"
    BINDINGS = keys("pengaturan.periode")

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        yield DataTable(id="periode-table", cursor_type="row")
        yield Static("", id="periode-detail")

    def on_mount(self) -> None:
        for key, width in (
            ("kode", 9),
            ("nama", 19),
            ("jenis", 9),
            ("mulai", 10),
            ("selesai", 10),
            ("status", 8),
        ):
            self.table.add_column(t(f"pengaturan.periode.col.{key}"), width=width, key=key)

    def refresh_data(self) -> None:
        self.records = self.office.periods()
        rows: list[tuple[str, tuple[str, ...]]] = [
            (
                p["kode"],
                (
                    p["kode"],
                    p["nama"],
                    period_kind_label(p["jenis"]),
                    date_text(p["tanggal_mulai"]),
                    date_text(p["tanggal_selesai"]),
                    period_status_label(p["status"]),
                ),
            )
            for p in self.records
        ]
        self.refill(rows)

    def show_highlighted(self) -> None:
        detail = self.query_one("#periode-detail", Static)
        p = self.highlighted()
        if p is None:
            detail.update(t("pengaturan.periode.empty"))
            return
        lang = get_language()
        text = Text()
        text.append(p["nama"], style="bold")
        text.append(
            "\n"
            + t(
                "pengaturan.periode.dates",
                mulai=format_date_long(parse_iso(p["tanggal_mulai"]), lang),
                selesai=format_date_long(parse_iso(p["tanggal_selesai"]), lang),
            )
        )
        names = ", ".join(criterion_label(c) for c in p.get("kriteria") or [])
        text.append(
            "\n"
            + t(
                f"pengaturan.periode.hint.{p['status']}",
                jumlah=len(p.get("kriteria") or []),
                kriteria=names,
            )
        )
        detail.update(text)

    def on_data_table_row_highlighted(self) -> None:
        super().on_data_table_row_highlighted()
        self.screen.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return bool(self.records)
        if action in _STATUS_ACTIONS:
            p = self.highlighted()
            return p is not None and p["status"] == _STATUS_ACTIONS[action]
        return True

    # ------------------------------------------------------------ forms

    def _fields(self, *, with_code: bool) -> list[Field]:
        date_hint = t("dates.placeholder")
        fields = []
        if with_code:
            fields += [
                Field("kode", t("pengaturan.periode.field.kode"), placeholder="2026-S1"),
                Field(
                    "jenis",
                    t("pengaturan.periode.field.jenis"),
                    options=tuple((period_kind_label(k), k) for k in period_rules.PERIOD_KINDS),
                ),
            ]
        fields += [
            Field("tanggal_mulai", t("pengaturan.periode.field.mulai"), placeholder=date_hint),
            Field("tanggal_selesai", t("pengaturan.periode.field.selesai"), placeholder=date_hint),
            Field("nama", t("pengaturan.periode.field.nama")),
        ]
        return fields

    def action_add(self) -> None:
        values = {
            "kode": "",
            "jenis": "semester",
            "tanggal_mulai": "",
            "tanggal_selesai": "",
            "nama": "",
        }
        latest = max(self.records, key=lambda p: p["tanggal_selesai"], default=None)
        if latest is not None:
            # Most offices run periods back to back: suggest the day after the latest one.
            following = parse_iso(latest["tanggal_selesai"]) + dt.timedelta(days=1)
            values["jenis"] = latest["jenis"]
            values["tanggal_mulai"] = format_date_short(following)

        def save(current: Record | None, typed: Values) -> Record:
            del current
            return self.office.create_period(
                typed["kode"],
                typed["jenis"],
                typed["tanggal_mulai"],
                nama=typed["nama"] or None,
                selesai=typed["tanggal_selesai"] or None,
            )

        form = PeriodForm(
            t("pengaturan.periode.form_new"),
            self._fields(with_code=True),
            values,
            save,
            note=t("pengaturan.periode.form_note"),
        )

        def done(saved: Record | None) -> None:
            if saved is not None:
                self.notify(t("pengaturan.periode.created", kode=saved["kode"]))
                self.changed(saved["kode"])

        self.app.push_screen(form, done)

    def action_edit(self) -> None:
        existing = self.highlighted()
        if existing is None:
            return

        def load(record: Record) -> Values:
            return {
                "tanggal_mulai": date_text(record["tanggal_mulai"]),
                "tanggal_selesai": date_text(record["tanggal_selesai"]),
                "nama": record["nama"],
            }

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            return self.office.edit_period(
                current,
                values["nama"],
                values["tanggal_mulai"],
                values["tanggal_selesai"] or None,
            )

        form = PeriodForm(
            t(
                "pengaturan.periode.form_edit",
                kode=existing["kode"],
                jenis=period_kind_label(existing["jenis"]),
            ),
            self._fields(with_code=False),
            load(existing),
            save,
            jenis=existing["jenis"],
            current=existing,
            load=load,
            note=t("pengaturan.periode.form_note"),
        )
        self.app.push_screen(
            form, self.after_form(t("pengaturan.periode.saved", kode=existing["kode"]))
        )

    # ------------------------------------------------------------ life cycle

    def _status_change(self, status: str, key: str, *, confirm: bool = False) -> None:
        p = self.highlighted()
        if p is None:
            return
        kode = p["kode"]
        criteria: list[dict[str, Any]] = self.office.settings().get("kriteria", [])
        lang = get_language()
        names = ", ".join(
            f"{criterion_label(c)} ({format_weight(c['bobot'], lang)})" for c in criteria
        )
        body = t(f"pengaturan.periode.confirm.{key}.body", kode=kode, kriteria=names)
        if status == "ditutup":
            body = self._incomplete_warning(kode) + body

        def run() -> None:
            self.apply(
                lambda: self.office.set_period_status(
                    kode, status, confirm=confirm, close_incomplete=status == "ditutup"
                ),
                t(f"pengaturan.periode.done.{key}", kode=kode),
            )

        self.confirm(
            t(f"pengaturan.periode.confirm.{key}.title", kode=kode, nama=p["nama"]),
            body,
            run,
            strict=confirm,
        )

    def _incomplete_warning(self, kode: str) -> str:
        """How many are still incomplete and who (the first few), said before closing."""
        from models.scoring import incomplete, incomplete_summary

        try:
            missing = incomplete(self.office.results(kode))
        except KinerjaError:
            return ""
        if not missing:
            return ""
        return t(
            "pengaturan.periode.confirm.close.incomplete",
            count=len(missing),
            who=incomplete_summary(missing, limit=4),
        )

    def action_open_period(self) -> None:
        self._status_change("terbuka", "open")

    def action_close_period(self) -> None:
        self._status_change("ditutup", "close")

    def action_reopen_period(self) -> None:
        self._status_change("terbuka", "reopen", confirm=True)
