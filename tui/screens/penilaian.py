"""Penilaian: the entry grid where clerks type paper score forms, one keystroke per score.

The clerk picks a period and a person; the grid lists either everyone that
person rates (a rater's form) or everyone who rates that person.  A digit
1-5 saves the score at once (durably, through ``Office.save_rating``) and
moves to the next cell; backspace clears it; ctrl+z undoes.  The sheets,
eligibility and undo are model functions (``models.entry``); this screen
only arranges them around the grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from models.conflict import show_value
from models.criteria import SCORE_LABELS, score_label, weight_shares
from models.dates import format_share
from models.entry import (
    STATUS_LENGKAP,
    CellConflict,
    Change,
    SheetRow,
    UndoLog,
    resolution,
)
from models.errors import KinerjaError
from models.i18n import get_language, t
from models.labels import criterion_guides, criterion_label, role_label
from models.nip import format_nip
from models.text import COMMENT_MAX
from tui.dialogs.cell_conflict import KEEP_STORED, CellChoice, settle
from tui.dialogs.picker import Picked, Picker, employee_list
from tui.dialogs.prompt import Prompt
from tui.keys import keys
from tui.messages import OpenScoreSheet
from tui.screens.base import PeriodGridScreen
from tui.widgets.score_grid import ScoreGrid
from tui.widgets.text import period_heading

MODE_RATER = "penilai"
"""Rows are the people one rater scores (the rater's paper form)."""
MODE_RATEE = "dinilai"
"""Rows are the people who score one employee."""


# --------------------------------------------------------------------------- screen


def _share(criterion: Mapping[str, Any], criteria: Sequence[Mapping[str, Any]]) -> str:
    """The criterion's weight as a percentage of the total, e.g. "30%" or "14,3%"."""
    try:
        share = weight_shares(criteria)[str(criterion["kode"])]
    except (KinerjaError, KeyError):
        return ""
    return format_share(share, get_language())


class SheetScreen(PeriodGridScreen[ScoreGrid]):
    """One score sheet in the entry grid: loading it, showing where the cursor is, typing."""

    GRID_ID = "pn-grid"
    STATUS_ID = "pn-status"

    DEFAULT_CSS = """
    #pn-top, #pn-crit, #pn-status {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    #pn-top {
        height: 2;
        padding: 0 1;
        background: $boost;
    }
    #pn-crit, #pn-scale {
        height: 1;
        padding: 0 1;
    }
    #pn-guide {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    #pn-status {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    #pn-status.error {
        color: $error;
        text-style: bold;
    }
    #pn-status.warning {
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.mode = MODE_RATER
        self.person: str | None = None
        """NIP of the rater (MODE_RATER) or ratee (MODE_RATEE) whose sheet is shown."""
        self.undo_log = UndoLog()
        self.extra: dict[tuple[str, str, str], list[str]] = {}
        """People added with + per (period, mode, person), kept until the clerk leaves."""
        self._focus_roles: tuple[str, ...] = ()
        """After the next load, land on the first unfinished row of these roles."""
        self._focus_ratee: str | None = None
        """After the next load, land on this ratee's row (a rater's form opened for them)."""

    # ------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        yield Static("", id="pn-top")
        yield ScoreGrid(self.store_score, id="pn-grid")
        yield Static("", id="pn-crit")
        yield Static("", id="pn-guide")
        yield Static("", id="pn-scale")
        yield Static("", id="pn-status")

    # ------------------------------------------------------------ public entry points

    def on_open_score_sheet(self, message: OpenScoreSheet) -> None:
        """Another screen asked for a sheet (Kelengkapan's jump to the missing forms)."""
        message.stop()
        if message.rater is None:
            self.show_ratee(message.kode, message.nip)
        else:
            self.show_rater(message.kode, message.rater, message.nip)

    def show_ratee(self, kode: str, nip: str) -> None:
        """Open the sheet of everyone who rates ``nip``, on the first missing atasan/rekan row."""
        self._show(kode, MODE_RATEE, nip, ("atasan", "rekan"))

    def show_rater(self, kode: str, nip: str, ratee: str | None = None) -> None:
        """Open rater ``nip``'s form (e.g. a supervisor's) on ``ratee``'s row or the first gap."""
        self._focus_ratee = ratee
        self._show(kode, MODE_RATER, nip, ())

    def _show(self, kode: str, mode: str, nip: str, roles: tuple[str, ...]) -> None:
        self.kode, self.mode, self.person = kode, mode, nip
        self._focus_roles = roles
        if self.is_mounted:
            self.load(gap=True)

    # ------------------------------------------------------------ loading

    def _active_people(self) -> list[dict[str, Any]]:
        return [e for e in self.office.employees() if e.get("aktif", True)]

    def _resolve(self) -> None:
        """The app's period (one for every screen); the first active person when unset or gone."""
        self.kode = self.current_kode()
        if self.person not in self.office.employees_by_nip():
            people = self._active_people()
            self.person = people[0]["nip"] if people else None

    def _extra_key(self) -> tuple[str, str, str]:
        return (self.kode or "", self.mode, self.person or "")

    def _sheet(self) -> list[SheetRow]:
        if self.kode is None or self.person is None:
            return []
        extra = self.extra.get(self._extra_key(), [])
        if self.mode == MODE_RATER:
            return self.office.rater_sheet(self.kode, self.person, extra)
        return self.office.ratee_sheet(self.kode, self.person, extra)

    def load(self, *, cursor: tuple[tuple[str, str], int] | None = None, gap: bool = False) -> None:
        """Rebuild the grid from the office; keep ``cursor`` or land on the first gap."""
        try:
            self._resolve()
            rows = self._sheet()
            criteria = self.office.criteria_of(self.kode) if self.kode else []
        except KinerjaError as err:
            self.say(str(err), "error")
            return
        header = t("penilaian.col.ratee" if self.mode == MODE_RATER else "penilaian.col.rater")
        if gap:
            cursor = self._first_gap(rows, criteria)
        self.grid.load(rows, criteria, header, cursor=cursor)
        self._focus_roles = ()
        self._focus_ratee = None
        self._update_top()
        self._update_help()
        if self.kode is None:
            self.say(period_heading(None), "warning")
        elif self.person is None:
            self.say(t("penilaian.no_people"), "warning")
        elif gap:
            refusal = self.office.entry_refusal(self.kode)
            if refusal:
                self.say(refusal, "warning")
            elif not rows:
                self.say(t("penilaian.empty_sheet"), "warning")
            else:
                self.say(t("penilaian.ready"))

    def _first_gap(
        self, rows: Sequence[SheetRow], criteria: Sequence[Mapping[str, Any]]
    ) -> tuple[tuple[str, str], int] | None:
        """The first empty cell of the first unfinished row (of the wanted roles, if any)."""
        candidates = [r for r in rows if r.status != STATUS_LENGKAP]
        if self._focus_ratee is not None:
            candidates = [r for r in rows if r.ratee == self._focus_ratee] or candidates
        if self._focus_roles:
            wanted = [r for r in candidates if r.peran in self._focus_roles]
            wanted.sort(key=lambda r: self._focus_roles.index(r.peran))
            candidates = wanted or candidates
        if not candidates:
            return (rows[0].key, 0) if rows else None
        row = candidates[0]
        kodes = [c["kode"] for c in criteria]
        index = next((i for i, k in enumerate(kodes) if k not in row.skor), 0)
        return row.key, index

    # ------------------------------------------------------------ rendering

    def _update_top(self) -> None:
        top = self.query_one("#pn-top", Static)
        if self.kode is None:
            top.update(period_heading(None))
            return
        mode = t(f"penilaian.mode.{self.mode}")
        line1 = t(
            "penilaian.top.period", periode=period_heading(self.office.period(self.kode)), mode=mode
        )
        line2 = ""
        if self.person is not None:
            emp = self.office.employee(self.person)
            people = [e["nip"] for e in self._active_people()]
            position = people.index(self.person) + 1 if self.person in people else 0
            label = t(f"penilaian.top.{self.mode}")
            inactive = "" if emp.get("aktif", True) else f" ({t('penilaian.inactive')})"
            # Short, whole values first; the unit, cut with an ellipsis at 80 columns, last.
            line2 = (
                f"{label} {position}/{len(people)}: [b]{escape(emp['nama'])}[/b]{inactive} · "
                f"{format_nip(emp['nip'])} · {escape(str(emp.get('unit', '')))}"
            )
        top.update(f"{line1}\n{line2}")

    def _update_help(self) -> None:
        grid = self.grid
        criterion = grid.current_criterion
        row = grid.current_row
        crit = self.query_one("#pn-crit", Static)
        guide = self.query_one("#pn-guide", Static)
        scale = self.query_one("#pn-scale", Static)
        scale.update(
            "  ".join(f"[b]{n}[/b] {score_label(n)}" for n in SCORE_LABELS)
            + f"  [b]Bksp[/b] {t('penilaian.clear_word')}"
        )
        if criterion is None:
            crit.update("")
            guide.update("")
            return
        parts = [f"[b]{escape(criterion_label(criterion))}[/b]"]
        share = _share(criterion, grid.criteria)
        if share:
            parts.append(t("penilaian.weight", share=share))
        if row is not None:
            value = row.skor.get(criterion["kode"])
            if isinstance(value, int):
                parts.append(t("penilaian.cell_value", nilai=value, label=score_label(value)))
        crit.update(" · ".join(parts))
        notes = [Text.assemble(("! ", "bold"), w) for w in (row.peringatan if row else ())]
        guides = criterion_guides(criterion)
        if guides:
            notes.append(Text(t("penilaian.guides", guides="; ".join(guides))))
        guide.update(Text("\n").join(notes))

    @on(DataTable.CellHighlighted, "#pn-grid")
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._update_help()

    @on(DataTable.CellSelected, "#pn-grid")
    def _selected(self, event: DataTable.CellSelected) -> None:
        """Enter skips to the next cell, like Excel."""
        self.grid.advance()

    # ------------------------------------------------------------ typing

    @on(ScoreGrid.Refused)
    def _refused(self, message: ScoreGrid.Refused) -> None:
        message.stop()
        self.say(t("penilaian.type_digit", key=message.character), "warning")

    def action_score_hint(self) -> None:
        """Digits reach the grid directly; this only runs when the grid lost focus."""
        self.grid.focus()
        self.say(t("penilaian.focus_grid"), "warning")

    def action_clear_cell(self) -> None:
        self.store_score(None)

    def store_score(self, value: int | None) -> None:
        """Save ``value`` (None clears) in the cell under the cursor, then move to the next.

        The save says which value this screen showed in the cell: if another
        clerk changed it meanwhile, nothing is overwritten and the clerk chooses.
        """
        grid = self.grid
        row = grid.current_row
        criterion = grid.current_criterion
        if self.kode is None or row is None or criterion is None:
            self.say(t("penilaian.nothing_here"), "warning")
            return
        kode, cell = self.kode, str(criterion["kode"])
        try:
            change = self.office.set_score(
                kode, row.ratee, row.rater, row.peran, cell, value, seen={cell: row.skor.get(cell)}
            )
        except CellConflict as conflict:
            self._resolve_conflict(conflict, row, str(criterion["nama"]))
            return
        except KinerjaError as err:
            self.error(str(err))
            return
        self._stored(change, row, criterion, value)

    def _stored(
        self,
        change: Change | None,
        row: SheetRow,
        criterion: Mapping[str, Any],
        value: int | None,
        *,
        move: bool = True,
    ) -> None:
        grid = self.grid
        try:
            updated = self.office.sheet_row(self.kode or "", row)
        except KinerjaError as err:
            self.error(str(err))
            return
        self.undo_log.push(change)
        index = grid.index_of(row.key)
        if index is not None:
            grid.update_row(index, updated)
        if value is None:
            self.say(t("penilaian.cleared", nama=row.nama, kriteria=criterion_label(criterion)))
        else:
            message = t(
                "penilaian.saved",
                nama=row.nama,
                kriteria=criterion_label(criterion),
                nilai=value,
                label=score_label(value),
            )
            if updated.status == STATUS_LENGKAP and row.status != STATUS_LENGKAP:
                message += " · " + t("penilaian.row_complete")
            if move and not grid.move_after_score():
                message += " · " + t("penilaian.sheet_complete")
            self.say(message)
        self._update_help()

    def _resolve_conflict(self, conflict: CellConflict, row: SheetRow, label: str) -> None:
        """Show both values; the clerk keeps the stored one (r) or writes theirs (l)."""
        kode = self.kode or ""
        field = label if conflict.kriteria is not None else t("penilaian.col.comment")
        self.say(str(conflict), "error")

        def write(settled: CellConflict, keep: str) -> None:
            value = settled.theirs if keep == KEEP_STORED else settled.mine
            if settled.kriteria is None:
                change = self.office.set_comment(
                    kode,
                    row.ratee,
                    row.rater,
                    row.peran,
                    str(value or ""),
                    seen={None: settled.theirs},
                    resolved=resolution(settled, keep),
                )
            else:
                change = self.office.set_score(
                    kode,
                    row.ratee,
                    row.rater,
                    row.peran,
                    settled.kriteria,
                    value if isinstance(value, int) else None,
                    seen={settled.kriteria: settled.theirs},
                    resolved=resolution(settled, keep),
                )
            self.undo_log.push(None if keep == KEEP_STORED else change)

        def done(settled: CellConflict, keep: str) -> None:
            value = settled.theirs if keep == KEEP_STORED else settled.mine
            self.load(cursor=self.grid.cursor_position)
            self.say(t("penilaian.conflict_done", field=field, nilai=_shown(value)))

        def left() -> None:
            # Escape: nothing decided, nothing written; the grid shows what is stored.
            self.load(cursor=self.grid.cursor_position)
            self.say(t("penilaian.conflict_left"), "warning")

        settle(
            self,
            conflict,
            CellChoice(
                label=lambda _c: field,
                shown=lambda _c, value: show_value(value),
                write=write,
                done=done,
                left=left,
                error=self.error,
                hint=t("penilaian.conflict_hint"),
            ),
        )


class PenilaianScreen(SheetScreen):
    """Fast multi-rater score entry: choose a period and a person, then type digits."""

    SCREEN_ID = "penilaian"

    BINDINGS = keys("penilaian")

    # ------------------------------------------------------------ actions

    def action_pick_person(self) -> None:
        people = employee_list(t(f"penilaian.pick.{self.mode}"), self._active_people())

        def chosen(answer: Picked | None) -> None:
            if answer is not None and answer.value:
                self.person = answer.value
                self.load(gap=True)

        self.app.push_screen(Picker(people, current=self.person), chosen)

    def action_step(self, delta: int) -> None:
        people = [e["nip"] for e in self._active_people()]
        if not people:
            return
        index = people.index(self.person) if self.person in people else -delta
        self.person = people[(index + delta) % len(people)]
        self.load(gap=True)

    def action_toggle_mode(self) -> None:
        self.mode = MODE_RATEE if self.mode == MODE_RATER else MODE_RATER
        self.load(gap=True)

    def action_comment(self) -> None:
        row = self.grid.current_row
        if self.kode is None or row is None:
            self.say(t("penilaian.nothing_here"), "warning")
            return
        kode = self.kode
        employees = self.office.employees_by_nip()
        title = t(
            "penilaian.comment.title",
            penilai=employees[row.rater]["nama"],
            dinilai=employees[row.ratee]["nama"],
        )

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                change = self.office.set_comment(
                    kode, row.ratee, row.rater, row.peran, text, seen={None: row.catatan}
                )
            except CellConflict as conflict:
                conflict.mine = text
                self._resolve_conflict(conflict, row, t("penilaian.col.comment"))
                return
            except KinerjaError as err:
                self.error(str(err))
                return
            self.undo_log.push(change)
            self.load(cursor=self.grid.cursor_position)
            self.say(t("penilaian.comment.saved", nama=employees[row.ratee]["nama"]))

        self.app.push_screen(
            Prompt(
                title,
                row.catatan,
                placeholder=t("penilaian.comment.placeholder"),
                hint=t("penilaian.comment.hint"),
                max_length=COMMENT_MAX,
            ),
            chosen,
        )

    def action_add(self) -> None:
        if self.kode is None or self.person is None:
            self.say(t("penilaian.nothing_here"), "warning")
            return
        kode, person, mode = self.kode, self.person, self.mode
        present = {row.nip for row in self.grid.sheet}
        others = [e for e in self.office.employees() if e["nip"] not in present]

        def chosen(answer: Picked | None) -> None:
            nip = answer.value if answer is not None else None
            if not nip:
                return
            ratee, rater = (nip, person) if mode == MODE_RATER else (person, nip)
            try:
                peran, warnings = self.office.check_addition(kode, ratee, rater)
            except KinerjaError as err:
                self.error(str(err))
                return
            self.extra.setdefault((kode, mode, person), []).append(nip)
            self.load(cursor=((ratee, rater), 0))
            if warnings:
                text = t(
                    "penilaian.added_warning", peran=role_label(peran), warnings="; ".join(warnings)
                )
                self.say(text, "warning")
                self.notify(text, severity="warning")
            else:
                self.say(t("penilaian.added", peran=role_label(peran)))

        self.app.push_screen(Picker(employee_list(t(f"penilaian.add.{mode}"), others)), chosen)

    def action_undo(self) -> None:
        try:
            change = self.undo_log.undo(self.office)
        except KinerjaError as err:
            self.error(str(err))
            self.load(cursor=self.grid.cursor_position)
            return
        if change is None:
            self.say(t("penilaian.undo_empty"), "warning")
            return
        key = (change.ratee, change.rater)
        column = 0
        if change.kriteria is not None:
            kodes = [c["kode"] for c in self.office.criteria_of(change.kode)]
            column = kodes.index(change.kriteria) if change.kriteria in kodes else 0
        if self.kode != change.kode or self.grid.index_of(key) is None:
            self.kode = change.kode
            self.person = change.rater if self.mode == MODE_RATER else change.ratee
        self.load(cursor=(key, column))
        employees = self.office.employees_by_nip()
        nama = employees.get(change.ratee if self.mode == MODE_RATER else change.rater, {})
        self.say(
            t(
                "penilaian.undone",
                nama=nama.get("nama", ""),
                lama=_shown(change.lama),
                baru=_shown(change.baru),
            )
        )


def _shown(value: int | str | None) -> str:
    if value is None or value == "":
        return t("penilaian.empty_value")
    return str(value)
