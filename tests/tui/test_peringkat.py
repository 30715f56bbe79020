"""Peringkat screen: ranking order and formatting, live re-ranking, breakdown, reports, awards."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from models import awards
from models.dates import format_decimal
from models.office import Office
from models.scoring import ROLES, ScoreLine, award_candidates, is_counted, predikat_distribution
from tui.app import KinerjaApp
from tui.dialogs.prompt import Prompt
from tui.dialogs.text import TextDialog
from tui.screens.peringkat import PeringkatScreen
from tui.screens.peringkat_dialogs import (
    AwardForm,
    LaporanModal,
    RincianModal,
    distribution_chart,
)
from tui.textual_private import notification_messages, rendered_text

SIZE = (80, 24)


def screen_text(app: KinerjaApp) -> str:
    """What the terminal shows for the active screen, as plain text."""
    return rendered_text(app.screen)


def ranked_table(app: KinerjaApp) -> DataTable[Any]:
    return app.screen.query_one("#pk-ranked", DataTable)


def column(table: DataTable[Any], key: str) -> list[str]:
    return [str(cell) for cell in table.get_column(key)]


def column_keys(table: DataTable[Any]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


def ranked_lines(office: Office, kode: str) -> list[ScoreLine]:
    return [ln for ln in office.results(kode).lines if ln.peringkat is not None]


def kode_of(office: Office) -> str:
    period = office.current_period()
    assert period is not None
    return str(period["kode"])


@pytest.mark.asyncio
async def test_ranking_lists_ranked_employees_in_order(office: Office) -> None:
    kode = kode_of(office)
    expected = ranked_lines(office, kode)
    incomplete = [ln for ln in office.results(kode).lines if ln.peringkat is None]
    assert len(expected) >= 10 and incomplete
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PeringkatScreen)
        table = ranked_table(app)
        assert column(table, "nama") == [ln.nama for ln in expected]
        assert column(table, "rank") == [str(ln.peringkat) for ln in expected]
        assert column(table, "nilai") == [format_decimal(ln.nilai or 0) for ln in expected]
        assert all("," in value and "." not in value for value in column(table, "nilai"))
        candidates = {c.nip for c in award_candidates(office.results(kode), 3)}
        marks = dict(zip([ln.nip for ln in expected], column(table, "mark"), strict=True))
        assert {nip for nip, mark in marks.items() if mark == "*"} == candidates

        other = app.screen.query_one("#pk-incomplete", DataTable)
        assert column(other, "nama") == [ln.nama for ln in incomplete]
        assert column(other, "alasan") == ["; ".join(ln.alasan) for ln in incomplete]

        text = screen_text(app)
        top = expected[0]
        first_row = next(line for line in text.splitlines() if top.nama in line)
        assert f" 1  {top.nama}" in first_row
        assert format_decimal(top.nilai or 0) in first_row
        assert f"{len(expected)} berperingkat" in text
        assert f"Belum lengkap ({len(incomplete)})" in text


@pytest.mark.asyncio
async def test_a_changed_score_changes_the_rank_shown(office: Office) -> None:
    kode = kode_of(office)
    before = ranked_lines(office, kode)
    last = before[-1]
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = ranked_table(app)
        assert column(table, "nama")[-1] == last.nama
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == len(before) - 1
        # Every rater of the last-ranked employee now gives all fives.
        kriteria = office.criteria_of(kode)
        for rating in office.ratings(kode):
            if rating["nip_dinilai"] == last.nip and is_counted(rating, kriteria):
                office.save_rating(
                    kode,
                    last.nip,
                    rating["nip_penilai"],
                    rating["peran"],
                    {c["kode"]: 5 for c in kriteria},
                )
        app.data_changed()
        await pilot.pause()
        after = office.results(kode).by_nip[last.nip]
        assert after.nilai == Decimal("100.00")
        assert after.peringkat is not None and after.peringkat < last.peringkat  # type: ignore[operator]
        names = column(table, "nama")
        ranks = column(table, "rank")
        position = names.index(last.nama)
        assert ranks[position] == str(after.peringkat)
        assert column(table, "nilai")[position] == "100,00"
        assert position < len(names) - 1
        assert names == [ln.nama for ln in ranked_lines(office, kode)]
        # The cursor stayed on the employee, who moved up.
        assert table.cursor_row == position


@pytest.mark.asyncio
async def test_breakdown_shows_the_selected_employees_numbers(office: Office) -> None:
    kode = kode_of(office)
    line = ranked_lines(office, kode)[2]
    kriteria = office.criteria_of(kode)
    # Every role shown, whatever its number of raters (the anonymity test is below).
    office.update_settings(office.settings(), {"evaluasi": {"min_penilai_anonim": 1}})
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RincianModal)
        assert app.screen.card.nip == line.nip
        text = screen_text(app)
        assert f"Rincian nilai: {app.screen.card.nama}" in text
        # Means recomputed here from the raw ratings, not taken from the engine.
        counted = [
            r
            for r in office.ratings(kode)
            if r["nip_dinilai"] == line.nip and is_counted(r, kriteria)
        ]
        atasan = [r for r in counted if r["peran"] == "atasan"]
        assert atasan
        first = kriteria[0]
        mean = Fraction(sum(r["skor"][first["kode"]] for r in atasan), len(atasan))
        row = next(ln for ln in text.splitlines() if ln.strip("│ ").startswith(first["nama"]))
        assert format_decimal(Decimal(mean.numerator) / mean.denominator) in row
        for peran in ROLES:
            count = sum(1 for r in counted if r["peran"] == peran)
            label = {"atasan": "Atasan", "rekan": "Rekan", "bawahan": "Bawahan", "diri": "Diri"}
            role_row = next(
                ln for ln in text.splitlines() if ln.strip("│ ").startswith(label[peran] + " ")
            )
            assert role_row.split()[2] == str(count)
        nilai = format_decimal(line.nilai or 0)
        f = line.skor_akhir
        assert f is not None
        f_text = format_decimal(Decimal(f.numerator) / f.denominator, places=4)
        assert f"Nilai = F × 20 = {f_text} × 20 = {nilai}" in text
        assert f"Peringkat kantor: {line.peringkat} dari" in text
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LaporanModal)
        assert "LAPORAN PENILAIAN KINERJA" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, PeringkatScreen)


@pytest.mark.asyncio
async def test_another_period_can_be_picked(office: Office) -> None:
    office.create_period("2027-S1", "semester", "01-01-2027")
    active = [e for e in office.employees() if e["aktif"]]
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert "2027-S1" in screen_text(app)
        await pilot.press("up", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeringkatScreen) and screen.kode == "2027-S1"
        # A draft period has no ratings: nobody is ranked, everyone is listed with reasons.
        assert ranked_table(app).row_count == 0
        other = app.screen.query_one("#pk-incomplete", DataTable)
        assert other.row_count == len(active)
        assert set(column(other, "nilai")) == {"–"}
        assert "0 berperingkat" in screen_text(app)


@pytest.mark.asyncio
async def test_export_writes_the_pdf_report(office: Office, tmp_path: Path) -> None:
    from pypdf import PdfReader

    kode = kode_of(office)
    line = ranked_lines(office, kode)[0]
    target = tmp_path / "rapor.pdf"
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        field = app.screen.query_one("#prompt-input", Input)
        assert field.value == f"laporan-{kode}-{line.nip}.pdf"
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PeringkatScreen)
        (page,) = [p.extract_text() for p in PdfReader(target).pages]
        assert "LAPORAN PENILAIAN KINERJA" in page and line.nama in page
        assert format_decimal(line.nilai or 0) in page
        assert any(str(target) in message for message in notification_messages(app))


@pytest.mark.asyncio
async def test_breakdown_withholds_what_would_show_who_rated(office: Office) -> None:
    kode = kode_of(office)
    line = ranked_lines(office, kode)[2]
    atasan = office.results(kode).by_nip[line.nip].peran["atasan"]
    assert atasan.jumlah == 1
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RincianModal) and app.screen.card.nip == line.nip
        text = screen_text(app)
        role_row = next(ln for ln in text.splitlines() if ln.strip("│ ").startswith("Atasan "))
        assert role_row.split()[-2] == "*"
        assert "* tidak ditampilkan" in text


@pytest.mark.asyncio
async def test_unit_view_shows_unit_ranks(office: Office) -> None:
    kode = kode_of(office)
    unit = sorted({ln.unit for ln in office.results(kode).lines}, key=str.casefold)[0]
    in_unit = [ln for ln in ranked_lines(office, kode) if ln.unit == unit]
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        table = ranked_table(app)
        assert column(table, "nama") == [ln.nama for ln in in_unit]
        assert column(table, "rank_unit") == [str(ln.peringkat_unit) for ln in in_unit]
        assert column(table, "rank") == [str(ln.peringkat) for ln in in_unit]
        assert f"Unit (u): {unit}" in screen_text(app)
        await pilot.press("U")
        await pilot.pause()
        assert "Unit (u): Semua unit" in screen_text(app)


@pytest.mark.asyncio
async def test_search_filters_as_you_type(office: Office) -> None:
    kode = kode_of(office)
    target = ranked_lines(office, kode)[4]
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *target.nama.lower())
        await pilot.pause()
        names = column(ranked_table(app), "nama")
        assert target.nama in names
        assert all(target.nama.lower() in n.lower() for n in names)
        # Enter leaves the search for the filtered ranking; Enter again opens the breakdown.
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is ranked_table(app)
        first = column_keys(ranked_table(app))[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RincianModal)
        assert app.screen.card.nip == first
        await pilot.press("escape", "slash", "escape")
        await pilot.pause()
        assert len(column(ranked_table(app), "nama")) == len(ranked_lines(office, kode))
        assert app.focused is ranked_table(app)


@pytest.mark.asyncio
async def test_search_waits_for_a_pause_in_large_offices(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.screens.peringkat as peringkat

    monkeypatch.setattr(peringkat, "DEBOUNCE_FROM", 0)
    # Long enough that the timer cannot fire on a busy machine before it is checked.
    monkeypatch.setattr(peringkat, "DEBOUNCE_SECONDS", 600)
    total = len(ranked_lines(office, kode_of(office)))
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "z", "z")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeringkatScreen)
        assert screen.filter_text == "zz"
        assert len(column(ranked_table(app), "nama")) == total  # not rebuilt per key
        # From the next key on the pause is short: that key's own timer must replace
        # the waiting one and, when it fires, apply the whole search by itself.
        monkeypatch.setattr(peringkat, "DEBOUNCE_SECONDS", 0.01)
        await pilot.press("z")
        for _ in range(500):  # the timer fires within 10 ms; a busy machine may take longer
            if ranked_table(app).row_count == 0:
                break
            await pilot.pause(0.01)
        assert screen.filter_text == "zzz"
        assert ranked_table(app).row_count == 0


@pytest.mark.asyncio
async def test_distribution_chart(office: Office) -> None:
    kode = kode_of(office)
    table = predikat_distribution(office.results(kode))
    unit, counts = next(iter(table.items()))
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        chart = distribution_chart(office.results(kode))
        block = chart.split("\n\n")[1].splitlines()
        assert block[0] == f"{unit} ({sum(counts.values())})"
        for predikat, count in counts.items():
            bar_line = next(line for line in block if line.strip().startswith(predikat + " "))
            assert bar_line[2:].removeprefix(predikat).split()[0] == str(count)
            assert ("█" in bar_line) == (count > 0)
        assert "Sebaran predikat" in screen_text(app)


@pytest.mark.asyncio
async def test_confirming_a_candidate_creates_an_award(office: Office) -> None:
    kode = kode_of(office)
    ranked = ranked_lines(office, kode)
    candidate = award_candidates(office.results(kode), 3)[0]
    row = [ln.nip for ln in ranked].index(candidate.nip)
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * row, "a")
        await pilot.pause()
        assert isinstance(app.screen, AwardForm)
        assert app.screen.query_one("#f-jenis", Input).value == "Pegawai Teladan"
        await pilot.press("tab", *"800/7/2026", "tab", *"31-02-2026", "enter")
        await pilot.pause()
        # The impossible date is explained beside its field and nothing is stored.
        assert isinstance(app.screen, AwardForm)
        assert "tanggal 31-02-2026 tidak ada" in screen_text(app)
        assert office.store.all("awards") == []
        field = app.screen.query_one("#f-tanggal_sk", Input)
        field.value = "27-11-2026"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PeringkatScreen)
        stored = awards.awards(office, kode)
        assert [(a["nip"], a["jenis"], a["nomor_sk"], a["tanggal_sk"]) for a in stored] == [
            (candidate.nip, "Pegawai Teladan", "800/7/2026", "2026-11-27")
        ]
        assert column(ranked_table(app), "mark")[row] == "P"
        # The list of awards shows it; revoking asks first.
        await pilot.press("h")
        await pilot.pause()
        assert candidate.nama in screen_text(app)
        await pilot.press("x", "y")
        await pilot.pause()
        assert awards.awards(office, kode) == []


@pytest.mark.asyncio
async def test_a_non_candidate_gets_an_explanation(office: Office) -> None:
    kode = kode_of(office)
    ranked = ranked_lines(office, kode)
    candidates = {c.nip for c in award_candidates(office.results(kode), 3)}
    row = next(i for i, ln in enumerate(ranked) if ln.nip not in candidates)
    app = KinerjaApp(office, start="peringkat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * row, "a")
        await pilot.pause()
        assert isinstance(app.screen, PeringkatScreen)
        messages = notification_messages(app)
        assert any("bukan kandidat penghargaan" in message for message in messages)


def test_snapshot_ranking(office_path: Path, snap_compare: Any) -> None:
    app = KinerjaApp(Office.open(office_path), start="peringkat")
    assert snap_compare(app, terminal_size=SIZE)
