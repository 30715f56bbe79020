"""What a screen tells the app: something was saved, show someone's history, open a score sheet.

Screens never call the app's methods or another screen (see ARCHITECTURE.md, "How a
key press becomes a saved record"): they post one of these messages, it bubbles to
``KinerjaApp``, and the app re-renders or switches screens and hands the request on
to the screen that shows it.
"""

from __future__ import annotations

from textual.message import Message


class Request(Message):
    """A request the app answers by switching screens and handing it to the screen shown.

    ``forwarded`` marks the copy handed on, so the app does not take it up again when
    it bubbles back.
    """

    forwarded = False


class DataChanged(Message):
    """Something was saved: re-read the header and the visible screen from the office."""


class ShowHistory(Request):
    """Open the Riwayat screen on ``nip``'s career record."""

    def __init__(self, nip: str) -> None:
        super().__init__()
        self.nip = nip


class OpenScoreSheet(Request):
    """Open the Penilaian grid of period ``kode``.

    ``rater`` None: everyone who rates ``nip``, on the first missing atasan/rekan row.
    Otherwise rater ``rater``'s own form, on ``nip``'s row (a supervisor fills the
    atasan rating of all their staff in one go).
    """

    def __init__(self, kode: str, nip: str, rater: str | None = None) -> None:
        super().__init__()
        self.kode = kode
        self.nip = nip
        self.rater = rater
