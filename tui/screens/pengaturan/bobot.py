"""Pengaturan, section 4: how much each rater's role weighs in the final score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models import criteria as criteria_rules
from models.dates import format_share, format_weight
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.labels import role_label
from tui.dialogs.form import Record, Values
from tui.keys import keys
from tui.screens.pengaturan.forms import Field
from tui.screens.pengaturan.section import SettingsSection


class BobotSection(SettingsSection):
    """The four role weights with their shares; e (or Enter) edits them."""

    NAME = "bobot"
    BINDINGS = keys("pengaturan.bobot")
    COLUMNS = tuple(
        (f"pengaturan.bobot.col.{key}", width, key)
        for key, width in (("peran", 16), ("bobot", 7), ("bagian", 7))
    )

    def refresh_data(self) -> None:
        weights: Mapping[str, float] = self.office.settings().get("bobot_peran", {})
        total = sum(float(w) for w in weights.values())
        lang = get_language()
        rows = []
        for peran in criteria_rules.ROLES:
            weight = weights.get(peran, 0)
            share = float(weight) / total if total > 0 else 0.0
            label = role_label(peran, capitalized=True)
            rows.append((peran, (label, format_weight(weight, lang), format_share(share, lang))))
        self.refill(rows)

    def action_edit(self) -> None:
        roles = criteria_rules.ROLES

        def load(record: Record) -> Values:
            weights = record.get("bobot_peran", {})
            return {peran: format_weight(weights.get(peran, 0), get_language()) for peran in roles}

        def changes(_current: Record, values: Values) -> dict[str, Any]:
            return {"bobot_peran": criteria_rules.parse_role_weights(values)}

        def field_for(err: KinerjaError) -> str | None:
            field = err.field if isinstance(err, ValidationError) else None
            if field == "bobot_peran":
                peran = err.params.get("peran")
                return str(peran) if peran in roles else "atasan"
            return field

        self.edit_settings(
            t("pengaturan.bobot.form_title"),
            [Field(peran, role_label(peran, capitalized=True), placeholder="0") for peran in roles],
            load,
            changes,
            field_for=field_for,
        )
