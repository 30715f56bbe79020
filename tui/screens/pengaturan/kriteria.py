"""Pengaturan, section 3: the criteria new periods are scored on, with their behaviour guides."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from models import criteria as criteria_rules
from models.dates import format_share, format_weight
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.labels import criterion_guides, criterion_label
from tui.dialogs.form import Record, Values
from tui.keys import keys
from tui.screens.pengaturan.forms import Field, SettingsForm
from tui.screens.pengaturan.section import Section

GUIDE_LINES = 3
"""Guide inputs offered for a criterion (BerAKHLAK has three per value); more if it has more."""


class KriteriaSection(Section):
    """The criteria with their weights and shares; add, edit, delete, or load a preset."""

    NAME = "kriteria"
    BINDINGS = keys("pengaturan.kriteria")

    def __init__(self) -> None:
        super().__init__()
        self.settings: Record = {}

    def compose(self) -> ComposeResult:
        yield DataTable(id="kriteria-table", cursor_type="row")
        with VerticalScroll(id="kriteria-panduan-box"):
            yield Static("", id="kriteria-panduan")
        yield Static("", id="kriteria-note", classes="pengaturan-note")

    def on_mount(self) -> None:
        for key, width in (("kode", 13), ("nama", 32), ("bobot", 7), ("bagian", 7)):
            self.table.add_column(t(f"pengaturan.kriteria.col.{key}"), width=width, key=key)

    def refresh_data(self) -> None:
        self.settings = self.office.settings()
        self.records = list(self.settings.get("kriteria", []))
        shares = criteria_rules.weight_shares(self.records) if self.records else {}
        lang = get_language()
        rows: list[tuple[str, tuple[str, ...]]] = [
            (
                c["kode"],
                (
                    c["kode"],
                    criterion_label(c),
                    format_weight(c["bobot"], lang),
                    format_share(shares[c["kode"]], lang),
                ),
            )
            for c in self.records
        ]
        self.refill(rows)
        total = sum(float(c["bobot"]) for c in self.records)
        self.query_one("#kriteria-note", Static).update(
            t("pengaturan.kriteria.note", total=format_weight(total, lang))
        )

    def show_highlighted(self) -> None:
        box = self.query_one("#kriteria-panduan", Static)
        c = self.highlighted()
        if c is None:
            box.update("")
            return
        text = Text()
        text.append(t("pengaturan.kriteria.panduan_title", nama=criterion_label(c)), style="bold")
        if c.get("panduan"):
            for guide in criterion_guides(c):
                text.append(f"\n• {guide}")
        else:
            text.append("\n" + t("pengaturan.kriteria.no_panduan"))
        box.update(text)

    # ------------------------------------------------------------ the form

    def action_add(self) -> None:
        self._form(None)

    def action_edit(self) -> None:
        self._form(self.highlighted())

    def _form(self, existing: Record | None) -> None:
        original = existing["kode"] if existing else None
        lines = max(GUIDE_LINES, len(existing.get("panduan", [])) if existing else 0)
        lang = get_language()
        typed: dict[str, str] = {}
        """The code of the criterion saved, to highlight it afterwards."""

        def load_criterion(criterion: Record | None) -> Values:
            guides = list(criterion.get("panduan", [])) if criterion else []
            values = {
                "kode": criterion["kode"] if criterion else "",
                "nama": criterion["nama"] if criterion else "",
                "bobot": format_weight(criterion["bobot"], lang) if criterion else "",
            }
            for i in range(lines):
                values[f"panduan_{i + 1}"] = guides[i] if i < len(guides) else ""
            return values

        def load(record: Record) -> Values:
            found = next((c for c in record["kriteria"] if c["kode"] == original), None)
            return load_criterion(found or existing)

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            kriteria = criteria_rules.put_criterion(
                current["kriteria"],
                original,
                values["kode"],
                values["nama"],
                values["bobot"],
                [values[f"panduan_{i + 1}"] for i in range(lines)],
            )
            saved = self.office.update_settings(current, {"kriteria": kriteria})
            typed["kode"] = values["kode"].strip()
            return saved

        def field_for(err: KinerjaError) -> str | None:
            field = err.field if isinstance(err, ValidationError) else None
            return "panduan_1" if field == "panduan" else field

        fields = [
            Field("kode", t("pengaturan.kriteria.field.kode"), placeholder="disiplin"),
            Field("nama", t("pengaturan.kriteria.field.nama")),
            Field("bobot", t("pengaturan.kriteria.field.bobot"), placeholder="30"),
        ] + [
            Field(f"panduan_{i + 1}", t("pengaturan.kriteria.field.panduan", n=i + 1))
            for i in range(lines)
        ]
        title = (
            t("pengaturan.kriteria.form_edit", nama=criterion_label(existing))
            if existing
            else t("pengaturan.kriteria.form_new")
        )
        form = SettingsForm(
            title,
            fields,
            load_criterion(existing),
            save,
            current=self.settings,
            load=load,
            field_for=field_for,
            note=t("pengaturan.kriteria.form_note"),
        )
        self.app.push_screen(
            form, self.after_form(t("pengaturan.kriteria.saved"), lambda _: typed.get("kode"))
        )

    # ------------------------------------------------------------ delete and presets

    def action_delete(self) -> None:
        c = self.highlighted()
        if c is None:
            return
        settings = self.settings
        remaining = criteria_rules.remove_criterion(settings["kriteria"], c["kode"])

        def run() -> None:
            self.apply(
                lambda: self.office.update_settings(settings, {"kriteria": remaining}),
                t("pengaturan.kriteria.deleted", nama=criterion_label(c)),
            )

        self.confirm(
            t("pengaturan.kriteria.confirm_delete.title", nama=criterion_label(c)),
            t("pengaturan.kriteria.confirm_delete.body"),
            run,
        )

    def action_preset(self, name: str) -> None:
        try:
            preset = criteria_rules.preset_criteria(name)
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        settings = self.settings
        lang = get_language()
        names = ", ".join(
            f"{criterion_label(c)} ({format_weight(c['bobot'], lang)})" for c in preset
        )

        def run() -> None:
            self.apply(
                lambda: self.office.update_settings(settings, {"kriteria": preset}),
                t("pengaturan.kriteria.preset_done", jumlah=len(preset)),
            )

        self.confirm(
            t(f"pengaturan.kriteria.preset.{name}.title", jumlah=len(preset)),
            t(
                "pengaturan.kriteria.preset.body",
                lama=len(settings.get("kriteria", [])),
                baru=names,
            ),
            run,
        )
