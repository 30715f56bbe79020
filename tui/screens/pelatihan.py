"""Pelatihan: workshops, their sessions and participants, attendance entry and the JP tally.

One screen with four views, switched in place so the header, footer and live refresh
stay those of the screen: the workshop list, one workshop's detail, the attendance
grid (one keystroke per person) and the JP tally for a year.  Keys belong to a view;
``check_action`` hides the others, so the footer only offers what works here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import ContentSwitcher, DataTable, Static

from models import workshop as rules
from models import workshop_form, workshops
from models.criteria import target_jp
from models.dates import format_decimal, format_moment
from models.employee import display_name
from models.errors import KinerjaError
from models.i18n import get_language, t
from models.labels import participation_label, workshop_kind_label
from models.nip import format_nip
from models.store import ConflictError
from tui.messages import ShowHistory
from tui.screens.base import KinerjaScreen
from tui.screens.pelatihan_dialogs import (
    ConfirmDialog,
    EmployeePicker,
    PickList,
    PickRow,
    PromptDialog,
    WorkshopForm,
    day_long,
    day_medium,
    day_weekday,
    session_span,
    session_times,
)
from tui.widgets.text import fit

Record = dict[str, Any]


def now() -> dt.datetime:
    """The moment sessions are compared with ("upcoming" or "finished")."""
    return dt.datetime.now()


VIEWS = ("daftar", "detail", "hadir", "jp")
SHOW_MODES = ("akan_datang", "selesai", "semua")
STATUS_KEYS = {"hadir": "H", "izin": "I", "sakit": "S", "alpa": "A"}
"""The letter shown in the attendance grid is the key that sets it."""
_STATUS_STYLE = {"hadir": "bold green", "izin": "yellow", "sakit": "yellow", "alpa": "bold red"}

_VIEW_ACTIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"daftar"}),
    "add": frozenset({"daftar"}),
    "edit": frozenset({"daftar"}),
    "cycle_show": frozenset({"daftar"}),
    "jp": frozenset({"daftar"}),
    "delete": frozenset({"daftar"}),
    "enrol": frozenset({"detail"}),
    "recommend": frozenset({"detail"}),
    "withdraw": frozenset({"detail"}),
    "attendance": frozenset({"detail"}),
    "edit_detail": frozenset({"detail"}),
    "move_session": frozenset({"detail"}),
    "cancel_session": frozenset({"detail"}),
    "capacity": frozenset({"detail"}),
    "riwayat": frozenset({"detail", "jp"}),
    "mark": frozenset({"hadir"}),
    "session": frozenset({"hadir"}),
    "year": frozenset({"jp"}),
    "below_only": frozenset({"jp"}),
    "back": frozenset({"hadir", "jp"}),
    "back_detail": frozenset({"detail"}),
}
"""In which views each action works (and shows in the footer)."""

_LIST_FIXED = {"jenis": 10, "mulai": 11, "sesi": 4, "peserta": 7, "antrian": 7}
_GRID_NAME = 24
_GRID_CELL = 3


class PelatihanScreen(KinerjaScreen):
    """Workshops: schedule, enrol, record attendance and follow the JP target."""

    SCREEN_ID = "pelatihan"
    TITLE_KEY = "screen.pelatihan"
    MENU_KEY = "l"
    FKEY = "f6"

    DEFAULT_CSS = """
    PelatihanScreen .pl-info {
        height: auto; padding: 0 1;
    }
    PelatihanScreen .pl-line {
        height: 1; padding: 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    #pl-table, #pl-peserta, #pl-grid, #pl-jp-table { height: 1fr; }
    #pl-sesi { height: auto; max-height: 7; }
    #pl-views, #pl-views > Vertical { height: 1fr; }
    """

    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("enter", "open", "pelatihan.key.open", id="pelatihan.open", priority=True),
        Binding("h", "mark('hadir')", "pelatihan.key.hadir", id="pelatihan.mark.hadir"),
        Binding("i", "mark('izin')", "pelatihan.key.izin", id="pelatihan.mark.izin"),
        Binding("s", "mark('sakit')", "pelatihan.key.sakit", id="pelatihan.mark.sakit"),
        Binding("a", "mark('alpa')", "pelatihan.key.alpa", id="pelatihan.mark.alpa"),
        Binding("a", "add", "pelatihan.key.add", id="pelatihan.add"),
        Binding("e", "edit", "pelatihan.key.edit", id="pelatihan.edit"),
        Binding("t", "cycle_show", "pelatihan.key.show", id="pelatihan.show"),
        Binding("j", "jp", "pelatihan.key.jp", id="pelatihan.jp"),
        Binding("x,delete", "delete", "pelatihan.key.delete", id="pelatihan.delete", show=False),
        Binding("p", "enrol", "pelatihan.key.enrol", id="pelatihan.enrol"),
        Binding("r", "recommend", "pelatihan.key.recommend", id="pelatihan.recommend"),
        Binding("k", "withdraw", "pelatihan.key.withdraw", id="pelatihan.withdraw"),
        Binding("h", "attendance", "pelatihan.key.attendance", id="pelatihan.attendance"),
        Binding("e", "edit_detail", "pelatihan.key.edit", id="pelatihan.edit_detail", show=False),
        Binding("m", "move_session", "pelatihan.key.move", id="pelatihan.move", show=False),
        Binding(
            "b", "cancel_session", "pelatihan.key.cancel_session", id="pelatihan.cancel", show=False
        ),
        Binding("c", "capacity", "pelatihan.key.capacity", id="pelatihan.capacity", show=False),
        Binding("w", "riwayat", "pelatihan.key.riwayat", id="pelatihan.riwayat", show=False),
        Binding(
            "left_square_bracket",
            "session(-1)",
            "pelatihan.key.prev_session",
            id="pelatihan.prev_session",
            show=False,
        ),
        Binding(
            "right_square_bracket",
            "session(1)",
            "pelatihan.key.next_session",
            id="pelatihan.next_session",
            show=False,
        ),
        Binding(
            "left_square_bracket", "year(-1)", "pelatihan.key.prev_year", id="pelatihan.prev_year"
        ),
        Binding(
            "right_square_bracket", "year(1)", "pelatihan.key.next_year", id="pelatihan.next_year"
        ),
        Binding("f", "below_only", "pelatihan.key.below", id="pelatihan.below"),
        Binding("escape", "back", "pelatihan.key.back", id="pelatihan.back"),
        Binding(
            "escape", "back_detail", "pelatihan.key.back", id="pelatihan.back_detail", show=False
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "daftar"
        self.show_mode = "akan_datang"
        self.items: list[Record] = []
        self.shown: list[Record] = []
        self.current: Record | None = None
        self.jp_year = now().year
        self.jp_below_only = False
        self.jp_rows: list[dict[str, Any]] = []
        self.judul_width = 30
        self._grid_for: tuple[Any, ...] | None = None
        """What the grid's columns and rows were built for; rebuilt when it changes."""

    # ------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial="pl-daftar", id="pl-views"):
            with Vertical(id="pl-daftar"):
                yield Static("", id="pl-list-info", classes="pl-line")
                yield DataTable(id="pl-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="pl-detail"):
                yield Static("", id="pl-detail-info", classes="pl-info")
                yield DataTable(id="pl-sesi", cursor_type="row")
                yield DataTable(id="pl-peserta", cursor_type="row", zebra_stripes=True)
            with Vertical(id="pl-hadir"):
                yield Static("", id="pl-hadir-info", classes="pl-info")
                yield DataTable(id="pl-grid", cursor_type="cell", fixed_columns=1)
                yield Static("", id="pl-hadir-count", classes="pl-line")
            with Vertical(id="pl-jp"):
                yield Static("", id="pl-jp-info", classes="pl-info")
                yield DataTable(id="pl-jp-table", cursor_type="row", zebra_stripes=True)

    def _table(self, name: str) -> DataTable[Text]:
        return self.query_one(f"#{name}", DataTable)

    def on_mount(self) -> None:
        self._build_list_columns()
        sesi = self._table("pl-sesi")
        for key, width in (("no", 2), ("tanggal", 22), ("jam", 11), ("hadir", 35)):
            sesi.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)
        peserta = self._table("pl-peserta")
        for key, width in (("no", 3), ("nama", 30), ("nip", 21), ("status", 10), ("jp", 4)):
            peserta.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)
        jp = self._table("pl-jp-table")
        for key, width in (("nama", 30), ("unit", 22), ("jp", 4), ("target", 6), ("kurang", 6)):
            jp.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)
        self.refresh_data()
        self._table("pl-table").focus()

    def on_resize(self, event: Resize) -> None:
        padding = 2 * (len(_LIST_FIXED) + 1)
        width = max(16, event.size.width - sum(_LIST_FIXED.values()) - padding - 2)
        if width != self.judul_width:
            self.judul_width = width
            self._build_list_columns()
            self._fill_list()

    def _build_list_columns(self) -> None:
        table = self._table("pl-table")
        table.clear(columns=True)
        table.add_column(t("pelatihan.col.judul"), width=self.judul_width, key="judul")
        for key, width in _LIST_FIXED.items():
            table.add_column(t(f"pelatihan.col.{key}"), width=width, key=key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        views = _VIEW_ACTIONS.get(action)
        if views is None:
            return True
        return self.view in views

    def _set_view(self, view: str) -> None:
        self.view = view
        self.query_one("#pl-views", ContentSwitcher).current = f"pl-{view}"
        focus = {
            "daftar": "pl-table",
            "detail": "pl-peserta",
            "hadir": "pl-grid",
            "jp": "pl-jp-table",
        }
        self._render_view()
        self._table(focus[view]).focus()
        self.refresh_bindings()

    # ------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Re-read the workshops and redraw the view, keeping cursors where they were."""
        try:
            self.items = self.office.workshops()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        if self.current is not None:
            fresh = next((ws for ws in self.items if ws["id"] == self.current["id"]), None)
            if fresh is None:
                if self.view in ("detail", "hadir"):
                    self.notify(
                        t("pelatihan.gone", judul=self.current["judul"]), severity="warning"
                    )
                    self.current = None
                    self._set_view("daftar")
                    return
                self.current = None
            else:
                self.current = fresh
        self._render_view()

    def _render_view(self) -> None:
        self._fill_list()
        if self.view == "detail":
            self._fill_detail()
        elif self.view == "hadir":
            self._fill_grid()
        elif self.view == "jp":
            self._fill_jp()

    def _reload_current(self) -> None:
        """After a conflict: take the stored version so the clerk sees what changed."""
        self.office.refresh()
        self.refresh_data()

    def _conflict(self) -> None:
        """Another clerk saved this workshop a moment ago: show theirs, ask to try again."""
        self._reload_current()
        self.notify(t("pelatihan.changed_retry"), severity="warning", timeout=8)

    def _names(self) -> dict[str, str]:
        return {nip: display_name(emp) for nip, emp in self.office.employees_by_nip().items()}

    # ------------------------------------------------------------ list view

    def _visible(self) -> list[Record]:
        moment = now()
        if self.show_mode == "semua":
            return list(self.items)
        finished = [ws for ws in self.items if workshops.is_finished(ws, moment)]
        if self.show_mode == "selesai":
            return list(reversed(finished))
        done = {ws["id"] for ws in finished}
        return [ws for ws in self.items if ws["id"] not in done]

    def _fill_list(self) -> None:
        table = self._table("pl-table")
        keep = self._list_cursor_id()
        old_row = table.cursor_row
        self.shown = self._visible()
        table.clear()
        for ws in self.shown:
            table.add_row(
                Text(fit(str(ws["judul"]), self.judul_width)),
                Text(fit(workshop_kind_label(str(ws["jenis"])), _LIST_FIXED["jenis"])),
                Text(day_medium(workshops.first_start(ws).date())),
                Text(str(len(rules.active_sessions(ws))), justify="right"),
                Text(f"{len(ws['peserta'])}/{ws['kapasitas']}", justify="right"),
                Text(str(len(ws["antrian"])) if ws["antrian"] else "—", justify="right"),
                key=str(ws["id"]),
            )
        if self.shown:
            index = next((i for i, ws in enumerate(self.shown) if ws["id"] == keep), None)
            if index is None:
                index = min(max(old_row, 0), len(self.shown) - 1)
            table.move_cursor(row=index, animate=False)
        other = len(self.items) - len(self.shown)
        if not self.items:
            info = t("pelatihan.list.empty")
        else:
            info = t(
                "pelatihan.list.info_all" if self.show_mode == "semua" else "pelatihan.list.info",
                mode=t(f"pelatihan.show.{self.show_mode}"),
                count=len(self.shown),
                other=other,
            )
        self.query_one("#pl-list-info", Static).update(Text(info))

    def _list_cursor_id(self) -> int | None:
        row = self._table("pl-table").cursor_row
        if 0 <= row < len(self.shown):
            return int(self.shown[row]["id"])
        return None

    def _selected_workshop(self) -> Record | None:
        if self.view != "daftar":
            return self.current
        wid = self._list_cursor_id()
        return next((ws for ws in self.items if ws["id"] == wid), None)

    def action_open(self) -> None:
        ws = self._selected_workshop()
        if ws is None:
            self.notify(t("pelatihan.none_selected"), severity="warning")
            return
        self.current = ws
        self._set_view("detail")

    @on(DataTable.RowSelected, "#pl-table")
    def _row_chosen(self) -> None:
        if self.view == "daftar":
            self.action_open()

    def action_cycle_show(self) -> None:
        self.show_mode = SHOW_MODES[(SHOW_MODES.index(self.show_mode) + 1) % len(SHOW_MODES)]
        self._fill_list()

    def action_add(self) -> None:
        def saved(record: Record | None) -> None:
            if record is None:
                return
            self.notify(t("pelatihan.created", judul=record["judul"], count=len(record["sesi"])))
            if self.show_mode != "semua" and workshops.is_finished(record, now()) != (
                self.show_mode == "selesai"
            ):
                self.show_mode = "semua"
            self.current = record
            self.refresh_data()
            self._set_view("detail")

        self.app.push_screen(WorkshopForm(self.office), saved)

    def action_edit(self) -> None:
        ws = self._selected_workshop()
        if ws is None:
            self.notify(t("pelatihan.none_selected"), severity="warning")
            return

        def saved(record: Record | None) -> None:
            if record is not None:
                self.notify(t("pelatihan.saved", judul=record["judul"]))
                if self.current is not None and self.current["id"] == record["id"]:
                    self.current = record
                self.refresh_data()

        self.app.push_screen(WorkshopForm(self.office, ws), saved)

    def action_edit_detail(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        ws = self._selected_workshop()
        if ws is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.office.delete_workshop(ws)
            except ConflictError:
                self._conflict()
                return
            except KinerjaError as err:
                self.notify(str(err), severity="error")
                return
            self.notify(t("pelatihan.deleted", judul=ws["judul"]))
            self.refresh_data()

        self.app.push_screen(
            ConfirmDialog(
                t("pelatihan.confirm_delete", judul=ws["judul"], peserta=len(ws["peserta"])),
                t("pelatihan.yes_delete"),
                t("pelatihan.no"),
            ),
            answer,
        )

    # ------------------------------------------------------------ detail view

    def _fill_detail(self) -> None:
        ws = self.current
        if ws is None:
            return
        names = self._names()
        criteria = {c["kode"]: c["nama"] for c in self.office.settings()["kriteria"]}
        kriteria = str(ws.get("kriteria") or "")
        first = workshops.first_start(ws)
        last = workshops.last_end(ws)
        span = day_long(first.date())
        if last.date() != first.date():
            span += f" – {day_long(last.date())}"
        info = Text(fit(str(ws["judul"]), 78) + "\n", style="bold")
        info.append(
            fit(
                t(
                    "pelatihan.detail.line1",
                    jenis=workshop_kind_label(str(ws["jenis"])),
                    kriteria=criteria.get(kriteria, kriteria) if kriteria else "—",
                    jp=ws["jp_per_sesi"],
                    peserta=len(ws["peserta"]),
                    kapasitas=ws["kapasitas"],
                    antrian=len(ws["antrian"]),
                ),
                78,
            )
            + "\n"
        )
        info.append(
            fit(
                t(
                    "pelatihan.detail.line2",
                    penyelenggara=ws.get("penyelenggara") or "—",
                    tempat=ws.get("tempat") or "—",
                    waktu=span,
                ),
                78,
            ),
            style="dim",
        )
        self.query_one("#pl-detail-info", Static).update(info)

        sesi = self._table("pl-sesi")
        keep_sesi = sesi.cursor_row
        sesi.clear()
        for session in ws["sesi"]:
            start, _ = session_times(session)
            style = "dim strike" if session.get("batal") else ""
            sesi.add_row(
                Text(str(session["no"]), style=style),
                Text(fit(day_weekday(start.date()), 22), style=style),
                Text(session_span(session), style=style),
                Text(self._session_summary(ws, session), style=style),
                key=str(session["no"]),
            )
        if ws["sesi"]:
            sesi.move_cursor(row=min(max(keep_sesi, 0), len(ws["sesi"]) - 1), animate=False)

        peserta = self._table("pl-peserta")
        keep = self._peserta_cursor()
        old_row = peserta.cursor_row
        peserta.clear()
        rows = self._peserta_rows()
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

    def _peserta_rows(self) -> list[tuple[str, str]]:
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

    def _peserta_cursor(self) -> str | None:
        rows = self._peserta_rows()
        row = self._table("pl-peserta").cursor_row
        if 0 <= row < len(rows):
            return rows[row][0]
        return None

    def _session_cursor(self) -> dict[str, Any] | None:
        ws = self.current
        row = self._table("pl-sesi").cursor_row
        if ws is None or not 0 <= row < len(ws["sesi"]):
            return None
        return dict(ws["sesi"][row])

    def _enrol_lists(self, ws: Mapping[str, Any]) -> list[PickList]:
        taken = set(ws["peserta"]) | set(ws["antrian"])
        employees = [e for e in self.office.employees() if e.get("aktif", True)]

        def row(emp: Mapping[str, Any], *extra: str) -> PickRow:
            nama = display_name(emp)
            unit = str(emp.get("unit", ""))
            search = f"{nama} {emp['nip']} {unit} {emp.get('jabatan', '')}".casefold()
            return PickRow(str(emp["nip"]), (nama, unit, *extra), search)

        everyone = PickList(
            t("pelatihan.picker.all"),
            ((t("pelatihan.col.nama"), 36), (t("pelatihan.col.unit"), 34)),
            [row(emp) for emp in employees if emp["nip"] not in taken],
            t("pelatihan.picker.all_note"),
        )
        by_nip = self.office.employees_by_nip()
        lang = get_language()
        period = self.office.latest_scored_period()
        kriteria = str(ws.get("kriteria") or "")
        criteria = {c["kode"]: c["nama"] for c in self.office.settings()["kriteria"]}
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
        recs = [
            row(by_nip[nip], format_decimal(mean, lang) if mean is not None else "—")
            for nip, mean in self.office.recommendations(ws)
            if nip in by_nip
        ]
        recommended = PickList(
            t("pelatihan.picker.recommended"),
            (
                (t("pelatihan.col.nama"), 32),
                (t("pelatihan.col.unit"), 28),
                (t("pelatihan.col.rerata"), 7),
            ),
            recs,
            note,
        )
        top = [
            row(
                by_nip[line.nip],
                f"{line.peringkat}",
                format_decimal(line.nilai, lang) if line.nilai is not None else "—",
            )
            for line in self.office.high_potential()
            if line.nip in by_nip and line.nip not in taken
        ]
        potential = PickList(
            t("pelatihan.picker.potential"),
            (
                (t("pelatihan.col.nama"), 32),
                (t("pelatihan.col.unit"), 24),
                (t("pelatihan.col.rank"), 4),
                (t("pelatihan.col.nilai"), 6),
            ),
            top,
            t("pelatihan.picker.potential_note", periode=period["kode"]) if period else note,
        )
        return [everyone, recommended, potential]

    def _open_picker(self, start: int) -> None:
        ws = self.current
        if ws is None:
            return
        names = self._names()

        def pick(nip: str) -> str:
            current = self.current
            assert current is not None
            try:
                status = self.office.enrol(current, nip)
            except ConflictError:
                self._reload_current()
                raise KinerjaError("pelatihan.changed_retry") from None
            self.current = self.office.workshop(int(current["id"]))
            self.refresh_data()
            nama = names.get(nip, nip)
            if status == "peserta":
                return t(
                    "pelatihan.enrolled",
                    nama=nama,
                    peserta=len(self.current["peserta"]),
                    kapasitas=self.current["kapasitas"],
                )
            return t("pelatihan.waiting", nama=nama, urutan=len(self.current["antrian"]))

        self.app.push_screen(EmployeePicker(self._enrol_lists(ws), start=start, on_pick=pick))

    def action_enrol(self) -> None:
        self._open_picker(0)

    def action_recommend(self) -> None:
        self._open_picker(1)

    def action_withdraw(self) -> None:
        ws = self.current
        nip = self._peserta_cursor()
        if ws is None or nip is None:
            self.notify(t("pelatihan.no_participant"), severity="warning")
            return
        names = self._names()
        nama = names.get(nip, nip)
        waiting = nip in ws["antrian"]
        question = "pelatihan.confirm_unwait" if waiting else "pelatihan.confirm_withdraw"

        def answer(yes: bool | None) -> None:
            # The copy shown now: another clerk may have saved while the question was open.
            current = self.current
            if not yes or current is None:
                return
            try:
                promoted = self.office.withdraw(current, nip)
            except ConflictError:
                self._conflict()
                return
            except KinerjaError as err:
                self.notify(str(err), severity="error")
                return
            message = t("pelatihan.withdrawn", nama=nama)
            if promoted is not None:
                message += " " + t("pelatihan.promoted", nama=names.get(promoted, promoted))
            self.notify(message)
            self.refresh_data()

        self.app.push_screen(
            ConfirmDialog(
                t(question, nama=nama, judul=ws["judul"]),
                t("pelatihan.yes_withdraw"),
                t("pelatihan.no"),
            ),
            answer,
        )

    def action_move_session(self) -> None:
        ws = self.current
        session = self._session_cursor()
        if ws is None or session is None:
            return
        if session.get("batal"):
            self.notify(t("workshop.session_cancelled", no=session["no"]), severity="warning")
            return
        start, _ = session_times(session)

        def submit(text: str) -> None:
            moment = workshop_form.parse_moment(text)
            self.office.move_session(self.current or ws, int(session["no"]), moment)

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(t("pelatihan.moved", no=session["no"]))
            self.refresh_data()

        self.app.push_screen(
            PromptDialog(
                t(
                    "pelatihan.move_title",
                    no=session["no"],
                    waktu=format_moment(start, get_language()),
                ),
                t("pelatihan.move_label"),
                f"{start:%d-%m-%Y %H:%M}",
                submit,
            ),
            done,
        )

    def action_cancel_session(self) -> None:
        ws = self.current
        session = self._session_cursor()
        if ws is None or session is None:
            return
        if session.get("batal"):
            self.notify(t("workshop.session_cancelled", no=session["no"]), severity="warning")
            return
        start, _ = session_times(session)

        def answer(yes: bool | None) -> None:
            current = self.current
            if not yes or current is None:
                return
            try:
                self.office.cancel_session(current, int(session["no"]))
            except ConflictError:
                self._conflict()
                return
            except KinerjaError as err:
                self.notify(str(err), severity="error")
                return
            self.notify(t("pelatihan.cancelled", no=session["no"]))
            self.refresh_data()

        self.app.push_screen(
            ConfirmDialog(
                t(
                    "pelatihan.confirm_cancel",
                    no=session["no"],
                    waktu=format_moment(start, get_language()),
                ),
                t("pelatihan.yes_cancel"),
                t("pelatihan.no"),
            ),
            answer,
        )

    def action_capacity(self) -> None:
        ws = self.current
        if ws is None:
            return
        names = self._names()
        promoted: list[str] = []

        def submit(text: str) -> None:
            promoted.extend(self.office.set_capacity(self.current or ws, text))

        def done(saved: bool | None) -> None:
            if saved:
                message = t("pelatihan.capacity_set")
                if promoted:
                    message += " " + t(
                        "pelatihan.promoted", nama=", ".join(names.get(n, n) for n in promoted)
                    )
                self.notify(message)
            self.refresh_data()

        self.app.push_screen(
            PromptDialog(
                t("pelatihan.capacity_title", judul=ws["judul"]),
                t("pelatihan.field.kapasitas"),
                str(ws["kapasitas"]),
                submit,
            ),
            done,
        )

    def action_riwayat(self) -> None:
        nip = self._peserta_cursor() if self.view == "detail" else self._jp_cursor()
        if nip is None:
            return
        self.post_message(ShowHistory(nip))

    def action_back_detail(self) -> None:
        self._set_view("daftar")

    def action_back(self) -> None:
        if self.view == "hadir":
            self._set_view("detail")
        else:
            self._set_view("daftar")

    # ------------------------------------------------------------ attendance grid

    def action_attendance(self) -> None:
        if self.current is None:
            return
        if not self.current["peserta"]:
            self.notify(t("pelatihan.no_participants"), severity="warning")
            return
        self._grid_for = None
        self._set_view("hadir")

    def _default_session_column(self, ws: Mapping[str, Any]) -> int:
        """The session of today, else the latest one already started, else the first."""
        moment = now()
        column = 1
        for index, session in enumerate(ws["sesi"], start=1):
            start, _ = session_times(session)
            if session.get("batal"):
                continue
            if start.date() <= moment.date():
                column = index
        return column

    def _fill_grid(self) -> None:
        ws = self.current
        if ws is None:
            return
        if not ws["peserta"]:
            # Everyone was withdrawn meanwhile (perhaps by another clerk).
            self.notify(t("pelatihan.no_participants"), severity="warning")
            self._set_view("detail")
            return
        grid = self._table("pl-grid")
        shape = (
            int(ws["id"]),
            tuple((s["no"], s["batal"]) for s in ws["sesi"]),
            tuple(ws["peserta"]),
        )
        coordinate = grid.cursor_coordinate
        rebuilt = shape != self._grid_for
        if rebuilt:
            grid.clear(columns=True)
            grid.add_column(t("pelatihan.col.nama"), width=_GRID_NAME, key="nama")
            for session in ws["sesi"]:
                label = f"{session['no']}" + ("×" if session.get("batal") else "")
                grid.add_column(label, width=_GRID_CELL, key=str(session["no"]))
            grid.add_column(t("pelatihan.col.jp"), width=4, key="jp")
        else:
            grid.clear()
        names = self._names()
        kehadiran: Mapping[str, Mapping[str, str]] = ws.get("kehadiran", {})
        for nip in ws["peserta"]:
            cells = [Text(fit(names.get(nip, nip), _GRID_NAME))]
            for session in ws["sesi"]:
                cells.append(
                    self._mark_cell(session, kehadiran.get(str(session["no"]), {}).get(nip))
                )
            cells.append(Text(str(rules.jp_earned(ws, nip)), justify="right"))
            grid.add_row(*cells, key=nip)
        if self._grid_for is None or coordinate.column == 0:
            grid.move_cursor(row=0, column=self._default_session_column(ws), animate=False)
        else:
            grid.move_cursor(
                row=min(coordinate.row, len(ws["peserta"]) - 1),
                column=min(coordinate.column, len(ws["sesi"])),
                animate=False,
            )
        self._grid_for = shape
        self._update_grid_info()

    def _mark_cell(self, session: Mapping[str, Any], status: str | None) -> Text:
        if session.get("batal"):
            return Text(" - ", style="dim")
        if status is None:
            return Text(" · ", style="dim")
        return Text(f" {STATUS_KEYS[status]} ", style=_STATUS_STYLE[status])

    def _grid_session(self) -> dict[str, Any] | None:
        ws = self.current
        column = self._table("pl-grid").cursor_column
        if ws is None or not 1 <= column <= len(ws["sesi"]):
            return None
        return dict(ws["sesi"][column - 1])

    def _update_grid_info(self) -> None:
        ws = self.current
        if ws is None:
            return
        session = self._grid_session()
        info = Text(fit(str(ws["judul"]), 78) + "\n", style="bold")
        if session is None:
            info.append(t("pelatihan.grid.choose_session"))
        else:
            start, _ = session_times(session)
            line = t(
                "pelatihan.grid.session",
                no=session["no"],
                total=len(ws["sesi"]),
                hari=day_long(start.date()),
                jam=session_span(session),
            )
            if session.get("batal"):
                line += " · " + t("pelatihan.session.batal")
            info.append(fit(line, 78))
        self.query_one("#pl-hadir-info", Static).update(info)
        count = ""
        if session is not None and not session.get("batal"):
            counts = rules.attendance_counts(ws, int(session["no"]))
            belum = len(ws["peserta"]) - sum(counts.values())
            count = t("pelatihan.grid.counts", belum=belum, **counts)
        self.query_one("#pl-hadir-count", Static).update(
            Text(fit(count + t("pelatihan.grid.legend"), 78))
        )

    @on(DataTable.CellHighlighted, "#pl-grid")
    def _cell_moved(self, event: DataTable.CellHighlighted) -> None:
        ws = self.current
        if ws is None:
            return
        column = self._table("pl-grid").cursor_column
        if column == 0:
            self._table("pl-grid").move_cursor(column=1, animate=False)
            return
        if column > len(ws["sesi"]):
            self._table("pl-grid").move_cursor(column=len(ws["sesi"]), animate=False)
            return
        self._update_grid_info()

    def action_session(self, step: int) -> None:
        ws = self.current
        if ws is None:
            return
        grid = self._table("pl-grid")
        column = min(max(grid.cursor_column + step, 1), len(ws["sesi"]))
        grid.move_cursor(column=column, animate=False)

    def action_mark(self, status: str) -> None:
        ws = self.current
        session = self._grid_session()
        grid = self._table("pl-grid")
        row = grid.cursor_row
        if ws is None or session is None or not 0 <= row < len(ws["peserta"]):
            return
        nip = ws["peserta"][row]
        try:
            saved = self.office.record_attendance(ws, int(session["no"]), nip, status)
        except ConflictError:
            self._conflict()
            return
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        self.current = saved
        self.items = [saved if item["id"] == saved["id"] else item for item in self.items]
        grid.update_cell(nip, str(session["no"]), self._mark_cell(session, status))
        grid.update_cell(nip, "jp", Text(str(rules.jp_earned(saved, nip)), justify="right"))
        if row + 1 < len(ws["peserta"]):
            grid.move_cursor(row=row + 1, animate=False)
        self._update_grid_info()

    # ------------------------------------------------------------ JP tally

    def action_jp(self) -> None:
        self._set_view("jp")

    def action_year(self, step: int) -> None:
        self.jp_year += step
        self._fill_jp()

    def action_below_only(self) -> None:
        self.jp_below_only = not self.jp_below_only
        self._fill_jp()

    def _fill_jp(self) -> None:
        try:
            rows = self.office.jp_tally(self.jp_year)
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        below = rules.below_target(rows)
        reached = [row for row in rows if row["kurang"] == 0]
        self.jp_rows = below if self.jp_below_only else below + reached
        table = self._table("pl-jp-table")
        keep = self._jp_cursor()
        old_row = table.cursor_row
        table.clear()
        names = self._names()
        for row in self.jp_rows:
            style = "" if row["kurang"] else "dim"
            table.add_row(
                Text(fit(names.get(row["nip"], row["nama"]), 30), style=style),
                Text(fit(str(row["unit"]), 22), style=style),
                Text(str(row["jp"]), justify="right", style=style),
                Text(str(row["target"]), justify="right", style=style),
                Text(str(row["kurang"]) if row["kurang"] else "—", justify="right", style=style),
                key=row["nip"],
            )
        if self.jp_rows:
            index = next((i for i, r in enumerate(self.jp_rows) if r["nip"] == keep), None)
            if index is None:
                index = min(max(old_row, 0), len(self.jp_rows) - 1)
            table.move_cursor(row=index, animate=False)
        target = target_jp(self.office.settings())
        info = t(
            "pelatihan.jp.info",
            tahun=self.jp_year,
            target=target,
            kurang=len(below),
            total=len(rows),
        )
        mode = t("pelatihan.jp.below_only" if self.jp_below_only else "pelatihan.jp.all")
        self.query_one("#pl-jp-info", Static).update(
            Text(fit(info, 78) + "\n" + fit(mode, 78), style="")
        )

    def _jp_cursor(self) -> str | None:
        row = self._table("pl-jp-table").cursor_row
        if 0 <= row < len(self.jp_rows):
            return str(self.jp_rows[row]["nip"])
        return None


__all__ = ["PelatihanScreen", "now"]
