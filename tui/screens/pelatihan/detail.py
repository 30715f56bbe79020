"""Pelatihan's second view: one workshop, its sessions and participants, and the actions on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from models import workshop as rules
from models import workshops
from models.dates import format_day_long, format_day_weekday, format_decimal, format_moment
from models.errors import KinerjaError
from models.i18n import get_language, t
from models.labels import criterion_label, participation_label, workshop_kind_label
from models.nip import format_nip
from models.office import Office
from models.store import ConflictError
from models.workshop_form import parse_moment
from tui.dialogs.confirm import Confirm
from tui.dialogs.picker import EMPLOYEE_UNIT_COLUMN, Picker, PickList, employee_row
from tui.dialogs.prompt import Prompt
from tui.keys import keys
from tui.messages import ShowHistory
from tui.saving import confirm_then
from tui.screens.pelatihan.view import View
from tui.widgets.text import fit


class DetailView(View):
    """One workshop: enrol (p, or r for the suggested), withdraw, attendance, sessions."""

    BINDINGS = keys("pelatihan.detail")

    def __init__(self) -> None:
        super().__init__("pl-detail")

    TABLES = {"pl-sesi": "sesi", "pl-peserta": "peserta"}
    """The two tables, each with a title line that says whether it has the focus."""

    def compose(self) -> ComposeResult:
        yield Static("", id="pl-detail-info", classes="pl-info")
        yield Static("", id="pl-sesi-title", classes="pl-table-title")
        yield DataTable(id="pl-sesi", cursor_type="row")
        yield Static("", id="pl-peserta-title", classes="pl-table-title")
        yield DataTable(id="pl-peserta", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        sesi = self.table("pl-sesi")
        for key, width in (("no", 2), ("tanggal", 22), ("jam", 11), ("hadir", 35)):
            sesi.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)
        peserta = self.table("pl-peserta")
        for key, width in (("no", 3), ("nama", 30), ("nip", 21), ("status", 10), ("jp", 4)):
            peserta.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)

    @property
    def current(self) -> dict[str, Any] | None:
        return self.pelatihan.current

    # ------------------------------------------------------------ which table has the focus

    def on_descendant_focus(self) -> None:
        self.mark_focus()

    def mark_focus(self) -> None:
        """Make the table with the focus unmistakable: a marked, reversed title that names
        its keys, and the only row cursor shown; the other table's title is plain."""
        focused = self.screen.focused
        for table_id, name in self.TABLES.items():
            active = focused is not None and focused.id == table_id
            title = self.query_one(f"#{table_id}-title", Static)
            key = "active" if active else "inactive"
            title.update(Text(t(f"pelatihan.table.{name}.{key}")))
            title.set_class(active, "-active")
            self.table(table_id).show_cursor = active

    def _focus_is_on(self, table_id: str, key: str) -> bool:
        """Whether ``key`` can act on ``table_id`` now; if another table has the focus, the
        focus moves here and the clerk is asked to choose the row and press ``key`` again."""
        table = self.table(table_id)
        if self.screen.focused is table:
            return True
        table.focus()
        self.notify(t(f"pelatihan.table.{self.TABLES[table_id]}.first", key=key), timeout=6)
        return False

    # ------------------------------------------------------------ drawing

    def fill(self) -> None:
        ws = self.current
        if ws is None:
            return
        lang = get_language()
        criteria = {c["kode"]: criterion_label(c) for c in self.office.settings()["kriteria"]}
        kriteria = str(ws.get("kriteria") or "")
        first = workshops.first_start(ws)
        last = workshops.last_end(ws)
        span = format_day_long(first.date(), lang)
        if last.date() != first.date():
            span += f" – {format_day_long(last.date(), lang)}"
        info = Text(fit(str(ws["judul"]), 78) + "\n", style="bold")
        line1 = t(
            "pelatihan.detail.line1",
            jenis=workshop_kind_label(str(ws["jenis"])),
            kriteria=criteria.get(kriteria, kriteria) if kriteria else "—",
            jp=ws["jp_per_sesi"],
            peserta=len(ws["peserta"]),
            kapasitas=ws["kapasitas"],
            antrian=len(ws["antrian"]),
        )
        info.append(fit(line1, 78) + "\n")
        line2 = t(
            "pelatihan.detail.line2",
            penyelenggara=ws.get("penyelenggara") or "—",
            tempat=ws.get("tempat") or "—",
            waktu=span,
        )
        info.append(fit(line2, 78), style="dim")
        self.query_one("#pl-detail-info", Static).update(info)
        self._fill_sessions(ws, lang)
        self._fill_participants(ws)
        self.mark_focus()

    def _fill_sessions(self, ws: Mapping[str, Any], lang: str) -> None:
        sesi = self.table("pl-sesi")
        keep = sesi.cursor_row
        sesi.clear()
        for session in ws["sesi"]:
            start, _ = rules.session_times(session)
            style = "dim strike" if session.get("batal") else ""
            sesi.add_row(
                Text(str(session["no"]), style=style),
                Text(fit(format_day_weekday(start.date(), lang), 22), style=style),
                Text(rules.session_span(session, lang), style=style),
                Text(self._session_summary(ws, session), style=style),
                key=str(session["no"]),
            )
        if ws["sesi"]:
            sesi.move_cursor(row=min(max(keep, 0), len(ws["sesi"]) - 1), animate=False)

    def _fill_participants(self, ws: Mapping[str, Any]) -> None:
        names = self.names()
        peserta = self.table("pl-peserta")
        keep = self.participant()
        old_row = peserta.cursor_row
        peserta.clear()
        rows = self._participant_rows()
        for no, (nip, status) in enumerate(rows, start=1):
            waiting = status != "peserta"
            peserta.add_row(
                Text(str(no) if not waiting else ""),
                Text(fit(names.get(nip, nip), 30), style="italic" if waiting else ""),
                Text(format_nip(nip)),
                Text(
                    participation_label("peserta")
                    if not waiting
                    else t("pelatihan.antrian_no", no=status)
                ),
                Text(str(rules.jp_earned(ws, nip)), justify="right"),
                key=nip,
            )
        if rows:
            index = next((i for i, (nip, _) in enumerate(rows) if nip == keep), None)
            if index is None:
                index = min(max(old_row, 0), len(rows) - 1)
            peserta.move_cursor(row=index, animate=False)

    def _participant_rows(self) -> list[tuple[str, str]]:
        """(nip, "peserta" or the waiting-list position) for the participants table."""
        ws = self.current
        if ws is None:
            return []
        rows = [(nip, "peserta") for nip in ws["peserta"]]
        rows += [(nip, str(no)) for no, nip in enumerate(ws["antrian"], start=1)]
        return rows

    def _session_summary(self, ws: Mapping[str, Any], session: Mapping[str, Any]) -> str:
        if session.get("batal"):
            return t("pelatihan.session.batal")
        counts = rules.attendance_counts(ws, int(session["no"]))
        if not any(counts.values()):
            return t("pelatihan.session.none")
        return ", ".join(
            t(f"pelatihan.session.count.{status}", n=n) for status, n in counts.items() if n
        )

    def participant(self) -> str | None:
        rows = self._participant_rows()
        row = self.table("pl-peserta").cursor_row
        return rows[row][0] if 0 <= row < len(rows) else None

    def _session(self) -> dict[str, Any] | None:
        ws = self.current
        row = self.table("pl-sesi").cursor_row
        if ws is None or not 0 <= row < len(ws["sesi"]):
            return None
        return dict(ws["sesi"][row])

    # ------------------------------------------------------------ enrolling

    def _open_picker(self, start: int) -> None:
        ws = self.current
        if ws is None:
            return
        names = self.names()

        def pick(nip: str | None) -> str:
            current = self.current
            assert current is not None and nip is not None
            try:
                status = self.office.enrol(current, nip)
            except ConflictError:
                self.office.refresh()
                self.pelatihan.refresh_data()
                raise KinerjaError("pelatihan.changed_retry") from None
            self.pelatihan.current = self.office.workshop(int(current["id"]))
            self.pelatihan.refresh_data()
            now = self.pelatihan.current
            nama = names.get(nip, nip)
            if status == "peserta":
                return t(
                    "pelatihan.enrolled",
                    nama=nama,
                    peserta=len(now["peserta"]),
                    kapasitas=now["kapasitas"],
                )
            return t("pelatihan.waiting", nama=nama, urutan=len(now["antrian"]))

        self.app.push_screen(Picker(enrol_lists(self.office, ws), start=start, on_pick=pick))

    def action_enrol(self) -> None:
        self._open_picker(0)

    def action_recommend(self) -> None:
        self._open_picker(1)

    def action_withdraw(self) -> None:
        if not self._focus_is_on("pl-peserta", "k"):
            return
        ws = self.current
        nip = self.participant()
        if ws is None or nip is None:
            self.notify(t("pelatihan.no_participant"), severity="warning")
            return
        names = self.names()
        nama = names.get(nip, nip)
        question = (
            "pelatihan.confirm_unwait" if nip in ws["antrian"] else "pelatihan.confirm_withdraw"
        )

        def withdrawn(promoted: str | None) -> None:
            message = t("pelatihan.withdrawn", nama=nama)
            if promoted is not None:
                message += " " + t("pelatihan.promoted", nama=names.get(promoted, promoted))
            self.notify(message)
            self.pelatihan.refresh_data()

        confirm_then(
            self,
            Confirm(
                t(question, nama=nama, judul=ws["judul"]),
                t("pelatihan.yes_withdraw"),
                t("pelatihan.no"),
            ),
            # The copy shown now: another clerk may have saved while the question was open.
            lambda: self.office.withdraw(self.current or ws, nip),
            withdrawn,
            on_conflict=self.conflict,
        )

    # ------------------------------------------------------------ sessions and seats

    def _chosen_session(self, key: str) -> tuple[dict[str, Any], int, dt.datetime] | None:
        """The workshop, number and start of the highlighted session, unless cancelled."""
        if not self._focus_is_on("pl-sesi", key):
            return None
        ws = self.current
        session = self._session()
        if ws is None or session is None:
            return None
        if session.get("batal"):
            self.notify(t("workshop.session_cancelled", no=session["no"]), severity="warning")
            return None
        start, _ = rules.session_times(session)
        return ws, int(session["no"]), start

    def action_move_session(self) -> None:
        chosen = self._chosen_session("m")
        if chosen is None:
            return
        ws, no, start = chosen

        def submit(text: str) -> None:
            moment = parse_moment(text)
            self.office.move_session(self.current or ws, no, moment)

        def done(saved: str | None) -> None:
            if saved is not None:
                self.notify(t("pelatihan.moved", no=no))
            self.pelatihan.refresh_data()

        title = t("pelatihan.move_title", no=no, waktu=format_moment(start, get_language()))
        self.app.push_screen(
            Prompt(
                title, f"{start:%d-%m-%Y %H:%M}", label=t("pelatihan.move_label"), submit=submit
            ),
            done,
        )

    def action_cancel_session(self) -> None:
        chosen = self._chosen_session("b")
        if chosen is None:
            return
        ws, no, start = chosen

        def cancelled(_: object) -> None:
            self.notify(t("pelatihan.cancelled", no=no))
            self.pelatihan.refresh_data()

        waktu = format_moment(start, get_language())
        confirm_then(
            self,
            Confirm(
                t("pelatihan.confirm_cancel", no=no, waktu=waktu),
                t("pelatihan.yes_cancel"),
                t("pelatihan.keep_session"),
            ),
            lambda: self.office.cancel_session(self.current or ws, no),
            cancelled,
            on_conflict=self.conflict,
        )

    def action_capacity(self) -> None:
        ws = self.current
        if ws is None:
            return
        names = self.names()
        promoted: list[str] = []

        def submit(text: str) -> None:
            promoted.extend(self.office.set_capacity(self.current or ws, text))

        def done(saved: str | None) -> None:
            if saved is not None:
                message = t("pelatihan.capacity_set")
                if promoted:
                    moved = ", ".join(names.get(n, n) for n in promoted)
                    message += " " + t("pelatihan.promoted", nama=moved)
                self.notify(message)
            self.pelatihan.refresh_data()

        self.app.push_screen(
            Prompt(
                t("pelatihan.capacity_title", judul=ws["judul"]),
                str(ws["kapasitas"]),
                label=t("pelatihan.field.kapasitas"),
                submit=submit,
            ),
            done,
        )

    # ------------------------------------------------------------ elsewhere

    def action_attendance(self) -> None:
        ws = self.current
        if ws is None:
            return
        if not ws["peserta"]:
            self.notify(t("pelatihan.no_participants"), severity="warning")
            return
        self.pelatihan.open_attendance()

    def action_edit(self) -> None:
        if self.current is not None:
            self.pelatihan.edit_workshop(self.current)

    def action_riwayat(self) -> None:
        if not self._focus_is_on("pl-peserta", "w"):
            return
        nip = self.participant()
        if nip is not None:
            self.post_message(ShowHistory(nip))

    def action_back(self) -> None:
        self.pelatihan.set_view("daftar")


def enrol_lists(office: Office, ws: Mapping[str, Any]) -> list[PickList]:
    """Whom to enrol: everyone not on the workshop yet, the suggested, the high potential."""
    taken = set(ws["peserta"]) | set(ws["antrian"])
    employees = [e for e in office.employees() if e.get("aktif", True)]
    everyone = PickList(
        t("pelatihan.picker.all"),
        (
            (t("pelatihan.col.nama"), 26),
            (t("pelatihan.col.nip"), 21),
            (t("pelatihan.col.unit"), 19),
        ),
        [employee_row(emp) for emp in employees if emp["nip"] not in taken],
        t("pelatihan.picker.all_note"),
        EMPLOYEE_UNIT_COLUMN,
    )
    by_nip = office.employees_by_nip()
    lang = get_language()
    period = office.latest_scored_period()
    kriteria = str(ws.get("kriteria") or "")
    criteria = {c["kode"]: criterion_label(c) for c in office.settings()["kriteria"]}
    if period is None:
        note = t("pelatihan.picker.no_scores")
    elif kriteria:
        note = t(
            "pelatihan.picker.rec_note",
            kriteria=criteria.get(kriteria, kriteria),
            periode=period["kode"],
        )
    else:
        note = t("pelatihan.picker.rec_note_overall", periode=period["kode"])
    recommended = PickList(
        t("pelatihan.picker.recommended"),
        (
            (t("pelatihan.col.nama"), 24),
            (t("pelatihan.col.nip"), 21),
            (t("pelatihan.col.unit"), 14),
            (t("pelatihan.col.rerata"), 6),
        ),
        [
            employee_row(by_nip[nip], format_decimal(mean, lang) if mean is not None else "—")
            for nip, mean in office.recommendations(ws)
            if nip in by_nip
        ],
        note,
        EMPLOYEE_UNIT_COLUMN,
    )
    potential = PickList(
        t("pelatihan.picker.potential"),
        (
            (t("pelatihan.col.nama"), 20),
            (t("pelatihan.col.nip"), 21),
            (t("pelatihan.col.unit"), 12),
            (t("pelatihan.col.rank"), 4),
            (t("pelatihan.col.nilai"), 6),
        ),
        [
            employee_row(
                by_nip[line.nip],
                f"{line.peringkat}",
                format_decimal(line.nilai, lang) if line.nilai is not None else "—",
            )
            for line in office.high_potential()
            if line.nip in by_nip and line.nip not in taken
        ],
        t("pelatihan.picker.potential_note", periode=period["kode"]) if period else note,
        EMPLOYEE_UNIT_COLUMN,
    )
    return [everyone, recommended, potential]
