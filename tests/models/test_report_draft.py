"""A report of a period that is not closed says it is a draft; a NIP is never split."""

from __future__ import annotations

import re

from models.i18n import set_language
from models.office import Office
from models.report import render_text, report_card
from tests.models.test_report import ANDI, KARTINI, KODE, TANGGAL, build_office


def test_an_open_periods_report_is_marked_draft_everywhere(empty_office: Office) -> None:
    office = build_office(empty_office)
    card = report_card(office, KODE, ANDI, tanggal=TANGGAL)
    assert card.draf
    text = render_text(card)
    assert "DRAF — periode 2026-S2 masih terbuka" in " ".join(text.split())
    assert text.splitlines()[3].startswith("DRAF")
    set_language("en")
    english = report_card(office, KODE, ANDI, tanggal=TANGGAL)
    assert "DRAFT — period 2026-S2 is still open" in " ".join(render_text(english).split())


def test_a_closed_periods_report_carries_no_mark(empty_office: Office) -> None:
    office = build_office(empty_office)
    office.set_period_status(KODE, "ditutup", close_incomplete=True)
    card = report_card(office, KODE, ANDI, tanggal=TANGGAL)
    assert not card.draf
    assert "DRAF" not in render_text(card)


def test_a_nip_is_never_broken_over_two_lines(empty_office: Office) -> None:
    office = build_office(empty_office)
    atasan_nip = office.employee(KARTINI)["nip"]
    grouped = f"{atasan_nip[:8]} {atasan_nip[8:14]} {atasan_nip[14]} {atasan_nip[15:]}"
    card = report_card(office, KODE, ANDI, tanggal=TANGGAL)
    for width in range(50, 77):
        lines = render_text(card, width).splitlines()
        assert any(f"NIP {grouped}" in line for line in lines), width
        assert not any(re.search(rf"{atasan_nip[:8]}\s*$", line) for line in lines), width
