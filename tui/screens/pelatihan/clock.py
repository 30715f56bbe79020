"""The moment Pelatihan compares sessions with (tests set it to the demo's "today")."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """When "upcoming" ends and "finished" begins."""
    return dt.datetime.now()
