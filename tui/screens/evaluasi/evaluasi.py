"""Evaluasi: the pejabat penilai's two ratings of every employee, one key each.

The cursor starts on the first rating still empty; after a rating it goes to the
row's other rating, and once the row is complete to the next row with an empty
rating, never into a complete row by itself.  A perilaku rating other than the
360 suggestion asks for the reason first (README, "The official evaluation").
"""

from __future__ import annotations

from models import evaluation as rules
from models.evaluations import EvaluationLine
from models.i18n import t
from models.labels import evaluation_rating_key
from tui.screens.evaluasi.common import EvaluationScreen
from tui.screens.evaluasi.dialogs import Changes, rating_words


class EvaluasiScreen(EvaluationScreen):
    """Every active employee of the period with the 360 evidence and both ratings."""

    SCREEN_ID = "evaluasi"

    def landing(self) -> tuple[str, str] | None:
        return self.grid.first_gap()

    def ready_text(self) -> str:
        keys = "/".join(evaluation_rating_key(code) for code in rules.RATINGS)
        return t("evaluasi.ready", keys=keys)

    def rate(self, line: EvaluationLine, field: str, code: str | None) -> None:
        if code is None and getattr(line, field) is None:
            self.say(t("evaluasi.nothing_to_clear"), "warning")
            return
        changes: Changes = {field: code}
        said = rating_words(line, field, code)
        if field == "perilaku" and code is not None and rules.needs_reason(code, line.saran):
            self.ask_reason(line, changes, prefill=line.alasan, said=said)
            return
        self.save(line, changes, said)

    def moved(self, line: EvaluationLine, message: str) -> str:
        if not self.grid.move_after_rating():
            message += " · " + t("evaluasi.all_rated")
        return message
