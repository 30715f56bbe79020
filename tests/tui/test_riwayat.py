"""Riwayat screen: choosing an employee and reading their career record."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from textual.containers import VerticalScroll
from textual.widgets import Static

from models import history
from models.dates import format_decimal
from models.i18n import set_language
from models.nip import format_nip
from models.office import Office
from tui.app import KinerjaApp
from tui.dialogs.picker import Picker
from tui.messages import ShowHistory
from tui.screens.riwayat import RiwayatScreen, nilai_bar, render_history


def riwayat(app: KinerjaApp) -> RiwayatScreen:
    screen = app.screen
    assert isinstance(screen, RiwayatScreen)
    return screen


def text_of(app: KinerjaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def order(office: Office) -> list[dict[str, Any]]:
    employees = office.employees()
    return [e for e in employees if e["aktif"]] + [e for e in employees if not e["aktif"]]


def add_award(office: Office, nip: str, **fields: str) -> None:
    record = {
        "nip": nip,
        "periode": "2026-S2",
        "jenis": "Pegawai Teladan",
        "nomor_sk": "800/45/436.9/2026",
        "tanggal_sk": "2026-12-20",
        "catatan": "",
    }
    record.update(fields)
    with office.store.transaction() as txn:
        txn.insert("awards", record)


def test_nilai_bar_uses_full_and_half_blocks() -> None:
    assert nilai_bar(Decimal("82.75")) == "█" * 8
    assert nilai_bar(Decimal("85.00")) == "█" * 8 + "▌"
    assert nilai_bar(Decimal("100.00")) == "█" * 10
    assert nilai_bar(Decimal("4.99")) == ""
    assert nilai_bar(Decimal("5.00")) == "▌"
    assert nilai_bar(Decimal("10.00")) == "█"
    assert nilai_bar(None) == ""


async def test_first_active_employee_with_period_and_training(office: Office) -> None:
    first = order(office)[0]
    line = office.results("2026-S2").by_nip[first["nip"]]
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)):
        assert riwayat(app).nip == first["nip"]
        head = text_of(app, "#rw-head")
        assert first["nama"] in head
        assert format_nip(first["nip"]) in head
        content = text_of(app, "#rw-content")
        assert "Nilai per periode" in content
        period_line = next(ln for ln in content.splitlines() if ln.startswith("2026-S2"))
        assert line.nilai is not None
        assert format_decimal(line.nilai, "id") in period_line
        assert str(line.predikat) in period_line
        if line.peringkat is not None:
            ranked = sum(1 for ln in office.results("2026-S2").lines if ln.peringkat)
            assert f"{line.peringkat}/{ranked}" in period_line
        assert nilai_bar(line.nilai) in period_line
        hist = history.history(office, first["nip"])
        for year in hist.training:
            assert f"{year.tahun}  {year.jp} dari 20 JP" in content
            for item in year.lines:
                assert item.judul[:20] in content
        assert "Belum ada penghargaan." in content
        assert "Belum ada perubahan penilaian yang tercatat." in content


async def test_pick_employee_by_typing(office: Office) -> None:
    target = order(office)[5]
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, Picker)
        await pilot.press(*target["nip"][:14])
        await pilot.press("enter")
        await pilot.pause()
        screen = riwayat(app)
        assert screen.nip == target["nip"]
        assert target["nama"] in text_of(app, "#rw-head")


async def test_brackets_step_through_employees(office: Office) -> None:
    people = order(office)
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        assert riwayat(app).nip == people[1]["nip"]
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert riwayat(app).nip == people[-1]["nip"]
        assert "(nonaktif)" in text_of(app, "#rw-head") or people[-1]["aktif"]


async def test_rating_changes_and_awards_are_listed(office: Office) -> None:
    line = office.results("2026-S2").lines[0]
    nip = line.nip
    atasan = office.employee(nip)["atasan_nip"]
    existing = office.rating("2026-S2", nip, atasan)
    assert existing is not None
    old = existing["skor"]["disiplin"]
    new = 5 if old != 5 else 4
    office.save_rating("2026-S2", nip, atasan, "atasan", {"disiplin": new})
    kodes = [c["kode"] for c in office.criteria_of("2026-S2")]
    office.save_rating("2026-S2", nip, nip, "diri", dict.fromkeys(kodes, 4))
    add_award(office, nip, catatan="terbaik semester")
    office.create_period("2026-S1", "semester", "01-01-2026")
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.post_message(ShowHistory(nip))
        await pilot.pause()
        content = text_of(app, "#rw-content")
        assert f"Disiplin: {old} → {new}" in content
        assert " · diubah · 2026-S2" in content
        assert f"dinilai atasan {office.employee(atasan)['nama']}" in content
        names = ", ".join(f"{c['nama']} 4" for c in office.criteria_of("2026-S2"))
        assert f"penilaian diri: {names}" in content
        # Newest first: the self-assessment was entered after the supervisor's change.
        assert content.index("penilaian diri") < content.index("dinilai atasan")
        lines = content.splitlines()
        s1 = next(i for i, ln in enumerate(lines) if ln.startswith("2026-S1"))
        assert lines[s1 + 1].strip() == "periode masih draf, belum dibuka untuk penilaian"
        assert s1 < next(i for i, ln in enumerate(lines) if ln.startswith("2026-S2"))
        assert (
            "2026-S2 · Pegawai Teladan · SK 800/45/436.9/2026, 20 Desember 2026 · "
            "terbaik semester" in content
        )


async def test_open_riwayat_from_another_screen(office: Office) -> None:
    nip = order(office)[3]["nip"]
    app = KinerjaApp(office, start="pelatihan")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.post_message(ShowHistory(nip))
        await pilot.pause()
        assert app.current_mode == "riwayat"
        assert riwayat(app).nip == nip
        assert office.employee(nip)["nama"] in text_of(app, "#rw-head")


async def test_long_history_scrolls(office: Office) -> None:
    nip = order(office)[0]["nip"]
    for number in range(12):
        add_award(office, nip, nomor_sk=f"800/{number}/2026")
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.screen.query_one("#rw-body", VerticalScroll)
        assert body.has_focus
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        assert text_of(app, "#rw-content").count("Pegawai Teladan") == 12


async def test_english(office: Office) -> None:
    set_language("en")
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)):
        content = text_of(app, "#rw-content")
        assert "Score per period" in content
        assert "Workshops and JP (target 20 JP a year)" in content
        assert "No awards yet." in content


def test_snapshot(office: Office, snap_compare: Callable[..., bool]) -> None:
    nip = order(office)[0]["nip"]
    add_award(office, nip)
    assert snap_compare(KinerjaApp(office, start="riwayat"), terminal_size=(80, 24))


async def test_the_official_predikat_is_shown_under_the_nilai(office: Office) -> None:
    first = order(office)[0]
    line = next(ln for ln in office.evaluation_lines("2026-S2") if ln.nip == first["nip"])
    office.save_evaluation(
        "2026-S2",
        first["nip"],
        seen=None,
        hasil="di_atas",
        perilaku="di_bawah",
        alasan="" if line.saran == "di_bawah" else "Sering terlambat",
    )
    hist = history.history(office, first["nip"])
    period = next(p for p in hist.periods if p.kode == "2026-S2")
    assert (period.hasil_kerja, period.perilaku_kerja, period.predikat_resmi) == (
        "di_atas",
        "di_bawah",
        "kurang",
    )
    app = KinerjaApp(office, start="riwayat")
    async with app.run_test(size=(80, 24)):
        content = text_of(app, "#rw-content").splitlines()
        row = next(i for i, text in enumerate(content) if text.startswith("2026-S2"))
        assert content[row + 1] == "  resmi: Kurang/Misconduct (hasil Di atas, perilaku Di bawah)"
        assert all(len(text) <= 78 for text in content)
    set_language("en")
    english = render_history(history.history(office, first["nip"]), {}).plain.splitlines()
    assert "  official: Poor/Misconduct (results Above, behaviour Below)" in english


def test_a_period_without_official_ratings_has_no_official_line(office: Office) -> None:
    first = order(office)[0]
    text = render_history(history.history(office, first["nip"]), {}).plain
    assert "resmi:" not in text
