"""Pengaturan: the office's name and targets, its review periods, criteria and role weights.

Four sections switched with the digits 1-4.  Every change goes through one
``Office`` method; the screen then re-reads the office, so what is shown is
always what was stored (also after another clerk saved).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.css.query import NoMatches
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from models import criteria as criteria_rules
from models import period as period_rules
from models.dates import (
    format_date_long,
    format_date_short,
    format_share,
    format_weight,
    parse_iso,
)
from models.errors import KinerjaError, ValidationError
from models.i18n import get_language, t
from models.labels import period_kind_label, period_status_label, role_label
from models.store import ConflictError
from tui.screens.base import KinerjaScreen
from tui.screens.pengaturan_forms import (
    ConfirmModal,
    Field,
    FormModal,
    PeriodForm,
    Record,
    Values,
    date_text,
)

SECTIONS = ("kantor", "periode", "kriteria", "bobot")
"""Tab ids, in the order of their digit keys."""

KANTOR_FIELDS = ("nama_kantor", "tempat", "min_rekan", "jumlah_penghargaan", "target_jp")
GUIDE_LINES = 3
"""Guide inputs offered for a criterion (BerAKHLAK has three per value); more if it has more."""

_STATUS_ACTIONS = {
    "open_period": "draf",
    "close_period": "terbuka",
    "reopen_period": "ditutup",
}
"""Each status key is offered only for a period in the status it can leave."""


def number_text(value: float | int) -> str:
    return format_weight(value, get_language())


def share_text(share: float) -> str:
    return format_share(share, get_language())


class PengaturanScreen(KinerjaScreen):
    """Office settings, periods and their life cycle, criteria and role weights."""

    SCREEN_ID = "pengaturan"
    TITLE_KEY = "screen.pengaturan"
    MENU_KEY = "s"
    FKEY = "f8"

    BINDINGS = [
        Binding(
            "1",
            "section('kantor')",
            "pengaturan.key.section_kantor",
            id="pengaturan.section.kantor",
            show=False,
        ),
        Binding(
            "2",
            "section('periode')",
            "pengaturan.key.section_periode",
            id="pengaturan.section.periode",
            show=False,
        ),
        Binding(
            "3",
            "section('kriteria')",
            "pengaturan.key.section_kriteria",
            id="pengaturan.section.kriteria",
            show=False,
        ),
        Binding(
            "4",
            "section('bobot')",
            "pengaturan.key.section_bobot",
            id="pengaturan.section.bobot",
            show=False,
        ),
        Binding("a", "add", "pengaturan.key.add", id="pengaturan.add"),
        Binding("e", "edit", "pengaturan.key.edit", id="pengaturan.edit"),
        Binding("o", "open_period", "pengaturan.key.open", id="pengaturan.open"),
        Binding("t", "close_period", "pengaturan.key.close", id="pengaturan.close"),
        Binding("r", "reopen_period", "pengaturan.key.reopen", id="pengaturan.reopen"),
        Binding("d", "delete", "pengaturan.key.delete", id="pengaturan.delete"),
        Binding(
            "delete", "delete", "pengaturan.key.delete", id="pengaturan.delete_alt", show=False
        ),
        Binding(
            "b",
            "preset('berakhlak')",
            "pengaturan.key.berakhlak",
            id="pengaturan.berakhlak",
            show=False,
        ),
        Binding(
            "u",
            "preset('default')",
            "pengaturan.key.default_criteria",
            id="pengaturan.default_criteria",
            show=False,
        ),
    ]

    DEFAULT_CSS = """
    PengaturanScreen TabPane {
        padding: 0 1;
    }
    PengaturanScreen DataTable {
        height: auto;
        max-height: 10;
    }
    PengaturanScreen #periode-table {
        max-height: 12;
    }
    PengaturanScreen .pengaturan-note {
        color: $text-muted;
        margin-top: 1;
    }
    PengaturanScreen #periode-detail {
        margin-top: 1;
        height: auto;
    }
    PengaturanScreen #kriteria-panduan-box {
        margin-top: 1;
        height: 1fr;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.settings: Record = {}
        """The settings record as last read; forms save against its rev."""
        self.periods: list[Record] = []

    # ------------------------------------------------------------ layout

    def compose_body(self) -> ComposeResult:
        with TabbedContent(initial="kantor", id="pengaturan-tabs"):
            with TabPane(t("pengaturan.tab.kantor"), id="kantor"):
                yield DataTable(id="kantor-table", cursor_type="row")
                yield Static(t("pengaturan.kantor.note"), classes="pengaturan-note")
            with TabPane(t("pengaturan.tab.periode"), id="periode"):
                yield DataTable(id="periode-table", cursor_type="row")
                yield Static("", id="periode-detail")
            with TabPane(t("pengaturan.tab.kriteria"), id="kriteria"):
                yield DataTable(id="kriteria-table", cursor_type="row")
                with VerticalScroll(id="kriteria-panduan-box"):
                    yield Static("", id="kriteria-panduan")
                yield Static("", id="kriteria-note", classes="pengaturan-note")
            with TabPane(t("pengaturan.tab.bobot"), id="bobot"):
                yield DataTable(id="bobot-table", cursor_type="row")
                yield Static(t("pengaturan.bobot.note"), classes="pengaturan-note")

    def on_mount(self) -> None:
        self._table("kantor").add_column(t("pengaturan.kantor.col_setting"), width=32, key="label")
        self._table("kantor").add_column(t("pengaturan.kantor.col_value"), width=38, key="value")
        periode = self._table("periode")
        for key, width in (
            ("kode", 9),
            ("nama", 19),
            ("jenis", 9),
            ("mulai", 10),
            ("selesai", 10),
            ("status", 8),
        ):
            periode.add_column(t(f"pengaturan.periode.col.{key}"), width=width, key=key)
        kriteria = self._table("kriteria")
        for key, width in (("kode", 13), ("nama", 32), ("bobot", 7), ("bagian", 7)):
            kriteria.add_column(t(f"pengaturan.kriteria.col.{key}"), width=width, key=key)
        bobot = self._table("bobot")
        for key, width in (("peran", 16), ("bobot", 7), ("bagian", 7)):
            bobot.add_column(t(f"pengaturan.bobot.col.{key}"), width=width, key=key)
        self.refresh_data()
        self._table("kantor").focus()

    def _table(self, section: str) -> DataTable[Any]:
        table: DataTable[Any] = self.query_one(f"#{section}-table", DataTable)
        return table

    def section(self) -> str:
        try:
            return self.query_one(TabbedContent).active
        except NoMatches:
            return ""

    # ------------------------------------------------------------ rendering

    def refresh_data(self) -> None:
        try:
            self.settings = self.office.settings()
            self.periods = self.office.periods()
        except KinerjaError as err:
            self.notify(str(err), severity="error")
            return
        self._fill_kantor()
        self._fill_periods()
        self._fill_criteria()
        self._fill_roles()
        self.refresh_bindings()

    def _refill(self, table: DataTable[Any], rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Replace the rows, keeping the cursor on the same record (or the same line)."""
        keep = self._highlighted(table)
        line = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if not rows:
            return
        keys = [key for key, _ in rows]
        target = keys.index(keep) if keep in keys else min(max(line, 0), len(rows) - 1)
        table.move_cursor(row=target, animate=False)

    @staticmethod
    def _highlighted(table: DataTable[Any]) -> str | None:
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(
            Coordinate(min(table.cursor_row, table.row_count - 1), 0)
        )
        return None if row_key.value is None else str(row_key.value)

    def _fill_kantor(self) -> None:
        s = self.settings
        rows = [
            (name, (t(f"pengaturan.kantor.{name}"), str(s.get(name, "")))) for name in KANTOR_FIELDS
        ]
        self._refill(self._table("kantor"), rows)

    def _fill_periods(self) -> None:
        rows = []
        for p in self.periods:
            rows.append(
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
            )
        self._refill(self._table("periode"), rows)
        self._show_period_detail()

    def highlighted_period(self) -> Record | None:
        kode = self._highlighted(self._table("periode"))
        return next((p for p in self.periods if p["kode"] == kode), None)

    def _show_period_detail(self) -> None:
        detail = self.query_one("#periode-detail", Static)
        p = self.highlighted_period()
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
        names = ", ".join(c["nama"] for c in p.get("kriteria") or [])
        text.append(
            "\n"
            + t(
                f"pengaturan.periode.hint.{p['status']}",
                jumlah=len(p.get("kriteria") or []),
                kriteria=names,
            )
        )
        detail.update(text)

    def _fill_criteria(self) -> None:
        kriteria = self.settings.get("kriteria", [])
        shares = criteria_rules.weight_shares(kriteria) if kriteria else {}
        rows = [
            (
                c["kode"],
                (c["kode"], c["nama"], number_text(c["bobot"]), share_text(shares[c["kode"]])),
            )
            for c in kriteria
        ]
        self._refill(self._table("kriteria"), rows)
        total = sum(float(c["bobot"]) for c in kriteria)
        self.query_one("#kriteria-note", Static).update(
            t("pengaturan.kriteria.note", total=number_text(total))
        )
        self._show_guides()

    def highlighted_criterion(self) -> Record | None:
        kode = self._highlighted(self._table("kriteria"))
        return next((c for c in self.settings.get("kriteria", []) if c["kode"] == kode), None)

    def _show_guides(self) -> None:
        box = self.query_one("#kriteria-panduan", Static)
        c = self.highlighted_criterion()
        if c is None:
            box.update("")
            return
        text = Text()
        text.append(t("pengaturan.kriteria.panduan_title", nama=c["nama"]), style="bold")
        if c.get("panduan"):
            for guide in c["panduan"]:
                text.append(f"\n• {guide}")
        else:
            text.append("\n" + t("pengaturan.kriteria.no_panduan"))
        box.update(text)

    def _fill_roles(self) -> None:
        weights: Mapping[str, float] = self.settings.get("bobot_peran", {})
        total = sum(float(w) for w in weights.values())
        rows = []
        for peran in criteria_rules.ROLES:
            weight = weights.get(peran, 0)
            share = float(weight) / total if total > 0 else 0.0
            rows.append(
                (
                    peran,
                    (role_label(peran, capitalized=True), number_text(weight), share_text(share)),
                )
            )
        self._refill(self._table("bobot"), rows)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "periode-table":
            self._show_period_detail()
            self.refresh_bindings()
        elif event.data_table.id == "kriteria-table":
            self._show_guides()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        section = event.pane.id or ""
        if section in SECTIONS:
            self._table(section).focus()

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        section = self.section()
        if action == "add":
            return section in ("periode", "kriteria")
        if action == "edit":
            return section != "periode" or bool(self.periods)
        if action in _STATUS_ACTIONS:
            if section != "periode":
                return False
            p = self.highlighted_period()
            return p is not None and p["status"] == _STATUS_ACTIONS[action]
        if action in ("delete", "preset"):
            return section == "kriteria"
        return True

    def action_section(self, section: str) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active != section:
            tabs.active = section
        self._table(section).focus()

    def action_add(self) -> None:
        if self.section() == "periode":
            self._period_form(None)
        elif self.section() == "kriteria":
            self._criterion_form(None)

    def action_edit(self) -> None:
        section = self.section()
        if section == "kantor":
            self._kantor_form()
        elif section == "periode":
            p = self.highlighted_period()
            if p is not None:
                self._period_form(p)
        elif section == "kriteria":
            c = self.highlighted_criterion()
            self._criterion_form(c)
        elif section == "bobot":
            self._roles_form()

    # ------------------------------------------------------------ saving

    def _after_form(
        self, message: str, select: Callable[[], tuple[str, str] | None] | None = None
    ) -> Callable[[Record | None], None]:
        """Re-render after a form saved; ``select`` names the (section, row key) to highlight."""

        def done(saved: Record | None) -> None:
            if saved is None:
                return
            self.notify(message)
            self.kapp.data_changed()
            target = select() if select is not None else None
            if target is not None:
                self._select_row(*target)

        return done

    def _select_row(self, section: str, key: str) -> None:
        table = self._table(section)
        try:
            table.move_cursor(row=table.get_row_index(key), animate=False)
        except KeyError:
            return

    def _apply(self, save: Callable[[], object], message: str) -> None:
        """Run a save that has no form; a refusal or a conflict is shown as a notification."""
        try:
            save()
        except ConflictError as err:
            self.notify(f"{err} {t('pengaturan.conflict.screen')}", severity="warning", timeout=8)
            self.kapp.data_changed()
            return
        except KinerjaError as err:
            self.notify(str(err), severity="error", timeout=8)
            return
        self.notify(message)
        self.kapp.data_changed()

    def _confirm(
        self, title: str, body: str, then: Callable[[], None], *, strict: bool = False
    ) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmModal(title, body, strict=strict), answered)

    # ------------------------------------------------------------ kantor

    def _kantor_form(self) -> None:
        def load(record: Record) -> Values:
            return {name: str(record.get(name, "")) for name in KANTOR_FIELDS}

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            return self.office.update_settings(current, values)

        fields = [Field(name, t(f"pengaturan.kantor.{name}")) for name in KANTOR_FIELDS]
        form = FormModal(
            t("pengaturan.kantor.form_title"),
            fields,
            load(self.settings),
            save,
            current=self.settings,
            load=load,
            only_changes=True,
            note=t("pengaturan.kantor.note"),
        )
        self.app.push_screen(form, self._after_form(t("pengaturan.kantor.saved")))

    # ------------------------------------------------------------ periods

    def _period_form(self, existing: Record | None) -> None:
        if existing is None:
            self._new_period_form()
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
            self._period_fields(with_code=False),
            load(existing),
            save,
            jenis=existing["jenis"],
            current=existing,
            load=load,
            note=t("pengaturan.periode.form_note"),
        )
        self.app.push_screen(
            form, self._after_form(t("pengaturan.periode.saved", kode=existing["kode"]))
        )

    def _period_fields(self, *, with_code: bool) -> list[Field]:
        date_hint = t("pengaturan.date_placeholder")
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

    def _new_period_form(self) -> None:
        values = {
            "kode": "",
            "jenis": "semester",
            "tanggal_mulai": "",
            "tanggal_selesai": "",
            "nama": "",
        }
        latest = max(self.periods, key=lambda p: p["tanggal_selesai"], default=None)
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
            self._period_fields(with_code=True),
            values,
            save,
            note=t("pengaturan.periode.form_note"),
        )

        def done(saved: Record | None) -> None:
            if saved is None:
                return
            self.notify(t("pengaturan.periode.created", kode=saved["kode"]))
            self.kapp.data_changed()
            self._select_row("periode", saved["kode"])

        self.app.push_screen(form, done)

    def _status_change(self, status: str, key: str, *, confirm: bool = False) -> None:
        p = self.highlighted_period()
        if p is None:
            return
        kode = p["kode"]
        names = ", ".join(
            f"{c['nama']} ({number_text(c['bobot'])})" for c in self.settings.get("kriteria", [])
        )

        def run() -> None:
            self._apply(
                lambda: self.office.set_period_status(kode, status, confirm=confirm),
                t(f"pengaturan.periode.done.{key}", kode=kode),
            )

        self._confirm(
            t(f"pengaturan.periode.confirm.{key}.title", kode=kode, nama=p["nama"]),
            t(f"pengaturan.periode.confirm.{key}.body", kode=kode, kriteria=names),
            run,
            strict=confirm,
        )

    def action_open_period(self) -> None:
        self._status_change("terbuka", "open")

    def action_close_period(self) -> None:
        self._status_change("ditutup", "close")

    def action_reopen_period(self) -> None:
        self._status_change("terbuka", "reopen", confirm=True)

    # ------------------------------------------------------------ criteria

    def _criterion_form(self, existing: Record | None) -> None:
        original = existing["kode"] if existing else None
        lines = max(GUIDE_LINES, len(existing.get("panduan", [])) if existing else 0)

        def load_criterion(criterion: Record | None) -> Values:
            guides = list(criterion.get("panduan", [])) if criterion else []
            values = {
                "kode": criterion["kode"] if criterion else "",
                "nama": criterion["nama"] if criterion else "",
                "bobot": number_text(criterion["bobot"]) if criterion else "",
            }
            for i in range(lines):
                values[f"panduan_{i + 1}"] = guides[i] if i < len(guides) else ""
            return values

        def load(record: Record) -> Values:
            found = next((c for c in record["kriteria"] if c["kode"] == original), None)
            return load_criterion(found or existing)

        saved_kode: list[str] = []

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
            saved_kode[:] = [values["kode"].strip()]
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
            t("pengaturan.kriteria.form_edit", nama=existing["nama"])
            if existing
            else t("pengaturan.kriteria.form_new")
        )
        form = FormModal(
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
            form,
            self._after_form(
                t("pengaturan.kriteria.saved"),
                lambda: ("kriteria", saved_kode[0]) if saved_kode else None,
            ),
        )

    def action_delete(self) -> None:
        c = self.highlighted_criterion()
        if c is None:
            return
        kode = c["kode"]
        settings = self.settings
        remaining = criteria_rules.remove_criterion(settings["kriteria"], kode)

        def run() -> None:
            self._apply(
                lambda: self.office.update_settings(settings, {"kriteria": remaining}),
                t("pengaturan.kriteria.deleted", nama=c["nama"]),
            )

        self._confirm(
            t("pengaturan.kriteria.confirm_delete.title", nama=c["nama"]),
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
        names = ", ".join(f"{c['nama']} ({number_text(c['bobot'])})" for c in preset)

        def run() -> None:
            self._apply(
                lambda: self.office.update_settings(settings, {"kriteria": preset}),
                t("pengaturan.kriteria.preset_done", jumlah=len(preset)),
            )

        self._confirm(
            t(f"pengaturan.kriteria.preset.{name}.title", jumlah=len(preset)),
            t(
                "pengaturan.kriteria.preset.body",
                lama=len(settings.get("kriteria", [])),
                baru=names,
            ),
            run,
        )

    # ------------------------------------------------------------ role weights

    def _roles_form(self) -> None:
        roles = criteria_rules.ROLES

        def load(record: Record) -> Values:
            weights = record.get("bobot_peran", {})
            return {peran: number_text(weights.get(peran, 0)) for peran in roles}

        def save(current: Record | None, values: Values) -> Record:
            assert current is not None
            weights = criteria_rules.parse_role_weights(values)
            return self.office.update_settings(current, {"bobot_peran": weights})

        def field_for(err: KinerjaError) -> str | None:
            field = err.field if isinstance(err, ValidationError) else None
            if field == "bobot_peran":
                peran = err.params.get("peran")
                return str(peran) if peran in roles else "atasan"
            return field

        form = FormModal(
            t("pengaturan.bobot.form_title"),
            [Field(peran, role_label(peran, capitalized=True), placeholder="0") for peran in roles],
            load(self.settings),
            save,
            current=self.settings,
            load=load,
            field_for=field_for,
            note=t("pengaturan.bobot.note"),
        )
        self.app.push_screen(form, self._after_form(t("pengaturan.bobot.saved")))
