"""What the evaluation grid and the calibration view share: loading, saving, the panels.

Every rating is one ``Office.save_evaluation`` with the record as shown (``seen``),
so another clerk's change is never overwritten: the clerk sees both values and
chooses (``tui.dialogs.cell_conflict``).  A reason is asked with the dialog kit's
``Prompt`` before the save that needs it; the model decides whether it is needed
and says so under the input when it is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from models.errors import KinerjaError
from models.evaluation import ALASAN_MAX
from models.evaluations import CellConflict, EvaluationLine, rules_field_label
from models.i18n import t
from models.labels import (
    official_predikat_label,
    organisation_label,
)
from models.text import COMMENT_MAX
from tui.dialogs.cell_conflict import KEEP_STORED, settle
from tui.dialogs.picker import Picked, Picker, employee_list
from tui.dialogs.prompt import Prompt
from tui.dialogs.text import TextDialog
from tui.keys import keys
from tui.screens.base import PeriodGridScreen
from tui.screens.evaluasi.dialogs import (
    KEYWORD,
    STORED,
    Changes,
    change_words,
    conflict_choice,
    detail_text,
    organisation_picker,
    shown_value,
)
from tui.widgets.distribution import DistributionPanel, check_report
from tui.widgets.evaluation_grid import EvaluationGrid
from tui.widgets.text import period_heading


class EvaluationScreen(PeriodGridScreen[EvaluationGrid]):
    """The grid of one period's official evaluation, the row's details and the check."""

    GRID_ID = "ev-grid"
    STATUS_ID = "ev-status"

    GROUPED: ClassVar[bool] = False
    CALIBRATION: ClassVar[bool] = False
    """Every change of a rating needs a reason (``models.evaluations.save``)."""

    DEFAULT_CSS = """
    EvaluationScreen #ev-top, EvaluationScreen #ev-status {
        height: 1;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    EvaluationScreen #ev-detail {
        height: 2;
        padding: 0 1;
    }
    EvaluationScreen #ev-status.error {
        color: $error;
        text-style: bold;
    }
    EvaluationScreen #ev-status.warning {
        color: $warning;
        text-style: bold;
    }
    """

    BINDINGS = keys("evaluasi")

    def __init__(self) -> None:
        super().__init__()
        self._drawn: tuple[int, str | None] | None = None
        """Generation and period last drawn: a screen resumed with nothing new is not redrawn."""

    # ------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        yield Static("", id="ev-top")
        yield EvaluationGrid(grouped=self.GROUPED, id="ev-grid")
        yield Static("", id="ev-detail")
        yield DistributionPanel(id="ev-dist")
        yield Static("", id="ev-status")

    def unchanged(self) -> bool:
        return (self.office.generation, self.current_kode()) == self._drawn

    # ------------------------------------------------------------ loading

    def landing(self) -> tuple[str, str] | None:
        """Where the cursor goes when a period is shown."""
        return None

    def ready_text(self) -> str:
        return ""

    def load(self, *, cursor: tuple[str, str] | None = None, gap: bool = False) -> None:
        """Re-read the period's evaluation; keep ``cursor`` or land where ``landing`` says."""
        try:
            self.kode = self.current_kode()
            generation = self.office.generation
            lines = self.office.evaluation_lines(self.kode) if self.kode else []
        except KinerjaError as err:
            self.say(str(err), "error")
            return
        grid = self.grid
        grid.load(lines, cursor=cursor)
        if gap:
            landing = self.landing()
            if landing is not None:
                grid.focus_cell(*landing)
            elif lines:
                grid.focus_cell(grid.lines[0].nip, "hasil")
        self._drawn = (generation, self.kode)
        self.show_panels()
        if self.kode is None:
            self.say(period_heading(None), "warning")
        elif not lines:
            self.say(t("evaluasi.nobody"), "warning")
        elif gap:
            refusal = self.office.entry_refusal(self.kode)
            self.say(refusal or self.ready_text(), "warning" if refusal else "info")

    def show_panels(self) -> None:
        """The top line, the row's details and the distribution, from the office."""
        top = self.query_one("#ev-top", Static)
        panel = self.query_one("#ev-dist", DistributionPanel)
        if self.kode is None:
            top.update(period_heading(None))
            panel.show(None)
            self.show_detail()
            return
        try:
            period = self.office.period(self.kode)
            dist = self.office.distribution(self.kode)
        except KinerjaError as err:
            self.say(str(err), "error")
            return
        org = t("evaluasi.top.org", org=escape(organisation_label(period.get("organisasi"))))
        top.update(f"{period_heading(period)} · {org}")
        panel.show(dist)
        self.show_detail()

    def show_detail(self) -> None:
        """Two lines on the highlighted employee: the pejabat penilai, the 360 suggestion."""
        line = self.grid.current_line
        self.query_one("#ev-detail", Static).update(detail_text(line) if line else "")

    @on(DataTable.CellHighlighted, "#ev-grid")
    def _highlighted(self) -> None:
        self.show_detail()

    # ------------------------------------------------------------ what a key does

    def rate(self, line: EvaluationLine, field: str, code: str | None) -> None:
        """Give ``line`` the rating ``code`` (None clears) in ``field``."""
        raise NotImplementedError

    def _target(self) -> tuple[str, EvaluationLine] | None:
        line = self.grid.current_line
        if self.kode is None or line is None:
            self.say(t("evaluasi.nothing_here"), "warning")
            return None
        return self.kode, line

    def action_rate(self, code: str) -> None:
        target = self._target()
        if target is not None:
            self.rate(target[1], self.grid.current_field, code)

    def action_clear(self) -> None:
        target = self._target()
        if target is not None:
            self.rate(target[1], self.grid.current_field, None)

    def action_reason(self) -> None:
        target = self._target()
        if target is not None:
            self.ask_reason(target[1], {}, prefill=target[1].alasan)

    def action_note(self) -> None:
        target = self._target()
        if target is None:
            return
        line = target[1]
        self.ask_text(
            line,
            {},
            "catatan",
            Prompt(
                t("evaluasi.note.title", nama=line.nama),
                line.catatan,
                placeholder=t("evaluasi.note.placeholder"),
                max_length=COMMENT_MAX,
            ),
            t("evaluasi.note.saved", nama=line.nama),
        )

    # ------------------------------------------------------------ saving

    def save(self, line: EvaluationLine, changes: Changes, said: str) -> None:
        """One save with the record as shown; a conflict is settled by the clerk."""
        try:
            conflict = self.commit(line, changes, said)
        except KinerjaError as err:
            self.error(str(err))
            return
        if conflict is not None:
            self.conflict(conflict, line, changes)

    def commit(self, line: EvaluationLine, changes: Changes, said: str) -> CellConflict | None:
        """Save ``changes`` and show them; the conflict, if another clerk changed a field
        since it was shown.  A refusal is raised."""
        before = self.office.generation
        try:
            self.office.save_evaluation(
                self.kode or "", line.nip, seen=line.record, calibration=self.CALIBRATION, **changes
            )
        except CellConflict as conflict:
            return conflict
        self.stored(line.nip, changes, said, fresh=before == (self._drawn or (None,))[0])
        return None

    def ask_reason(
        self, line: EvaluationLine, changes: Changes, *, prefill: str, said: str = ""
    ) -> None:
        """Ask for the reason, then save it with ``changes`` (the model says when it is missing)."""
        title = t("evaluasi.reason.title", nama=line.nama)
        if changes:
            title = change_words(line, changes)
        note = (
            t("evaluasi.reason.previous", alasan=line.alasan) if line.alasan and not prefill else ""
        )
        prompt = Prompt(
            title,
            prefill,
            note=note,
            placeholder=t("evaluasi.reason.placeholder"),
            hint=t("evaluasi.reason.hint", max=ALASAN_MAX),
            max_length=ALASAN_MAX,
        )
        self.ask_text(
            line, changes, "alasan", prompt, said or t("evaluasi.reason.saved", nama=line.nama)
        )

    def ask_text(
        self, line: EvaluationLine, changes: Changes, keyword: str, prompt: Prompt, said: str
    ) -> None:
        """Open ``prompt``; its text is saved as ``keyword`` together with ``changes``.

        A refusal is shown under the input and the dialog stays open; a conflict
        closes it and then shows both values.
        """
        outcome: dict[str, Any] = {}

        def submit(text: str) -> None:
            typed: Changes = {**changes, keyword: text}
            outcome["saved"] = typed
            outcome["conflict"] = self.commit(line, typed, said)

        def closed(_: str | None) -> None:
            if outcome.get("conflict") is not None:
                self.conflict(outcome["conflict"], line, outcome["saved"])
            elif "saved" not in outcome:
                self.say(t("evaluasi.not_saved"), "warning")

        prompt.submit = submit
        self.app.push_screen(prompt, closed)

    def stored(self, nip: str, changes: Mapping[str, Any], said: str, *, fresh: bool) -> None:
        """Show a save: the row, the check, the cursor moved on (``moved``), the message.

        ``fresh``: nothing else changed since the grid was drawn, so only this
        employee's row is redrawn (unless, grouped by predikat, it moves to another group).
        """
        try:
            lines = self.office.evaluation_lines(self.kode or "")
        except KinerjaError as err:
            self.error(str(err))
            return
        grid = self.grid
        line = next((ln for ln in lines if ln.nip == nip), None)
        field = next((STORED[k] for k in changes if k in ("hasil", "perilaku")), None)
        keep = (nip, KEYWORD[field]) if field else grid.cursor_position
        if not (fresh and line is not None and grid.update_line(line)):
            grid.load(lines, cursor=keep)
        self._drawn = (self.office.generation, self.kode)
        message = said
        if line is not None and line.predikat and field:
            message += " · " + t(
                "evaluasi.predikat", predikat=official_predikat_label(line.predikat)
            )
        if field and line is not None:
            message = self.moved(line, message)
        self.show_panels()
        self.say(message)

    def moved(self, line: EvaluationLine, message: str) -> str:
        """Where the cursor goes after a rating was saved; the message, with where it went."""
        return message

    def conflict(self, conflict: CellConflict, line: EvaluationLine, changes: Changes) -> None:
        """Another clerk changed a field since it was shown: both values, the clerk chooses."""
        self.say(str(conflict), "error")

        def done(settled: CellConflict, keep: str) -> None:
            value = settled.theirs if keep == KEEP_STORED else settled.mine
            self.load(cursor=self.grid.cursor_position)
            field = rules_field_label(settled.field)
            nilai = shown_value(settled.field, value)
            self.say(t("evaluasi.conflict_done", field=field, nilai=nilai))

        def left() -> None:
            self.load(cursor=self.grid.cursor_position)
            self.say(t("evaluasi.conflict_left"), "warning")

        choice = conflict_choice(
            self.office,
            self.kode or "",
            line,
            changes,
            calibration=self.CALIBRATION,
            done=done,
            left=left,
            error=self.error,
        )
        settle(self, conflict, choice)

    # ------------------------------------------------------------ other keys

    def action_organisation(self) -> None:
        if self.kode is None:
            self.say(period_heading(None), "warning")
            return
        kode = self.kode

        def chosen(answer: Picked | None) -> None:
            if answer is None:
                return
            try:
                self.office.set_organisation(kode, answer.value)
            except KinerjaError as err:
                self.error(str(err))
                return
            self._drawn = (self.office.generation, kode)
            self.show_panels()
            self.say(t("evaluasi.org.saved", org=organisation_label(answer.value)))

        current = self.office.period(kode).get("organisasi")
        self.app.push_screen(organisation_picker(current), chosen)

    def action_distribution(self) -> None:
        def report(kode: str) -> str | Text:
            dist = self.office.distribution(kode)
            return check_report(dist, self.office.evaluation_settings()["kurva"])

        self.show_report("evaluasi.report.title", report)

    def show_report(self, title_key: str, build: Callable[[str], str | Text]) -> None:
        """A read-only text about the period shown, built by ``build(kode)``."""
        if self.kode is None:
            self.say(period_heading(None), "warning")
            return
        try:
            text = build(self.kode)
        except KinerjaError as err:
            self.error(str(err))
            return
        self.app.push_screen(TextDialog(t(title_key, periode=self.kode), text, box_id="ev-report"))

    def action_find(self) -> None:
        people = self.office.employees_by_nip()
        shown = [people[line.nip] for line in self.grid.lines if line.nip in people]

        def chosen(answer: Picked | None) -> None:
            if answer is not None and answer.value:
                self.grid.focus_cell(answer.value, "hasil")

        line = self.grid.current_line
        self.app.push_screen(
            Picker(employee_list(t("evaluasi.find"), shown), current=line.nip if line else None),
            chosen,
        )
