"""Running one Office call from a key press: a refusal becomes a notification, never a traceback.

Forms show a refusal beside the field (tui/dialogs/form.py); everything else a
clerk confirms or types with one key (withdraw someone, mark attendance, revoke an
award) goes through ``attempt``, and through ``confirm_then`` when it asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.widget import Widget

from models.errors import KinerjaError
from models.store import ConflictError
from tui.dialogs.confirm import Confirm

T = TypeVar("T")


def attempt(
    node: Widget,
    save: Callable[[], T],
    done: Callable[[T], None],
    *,
    on_conflict: Callable[[], None] | None = None,
) -> None:
    """Run ``save``; hand its result to ``done``, or tell the clerk why it was refused.

    ``on_conflict`` runs when another clerk saved the same record first (the view
    then shows their version); without it the conflict is told like any refusal.
    """
    try:
        result = save()
    except ConflictError as err:
        if on_conflict is not None:
            on_conflict()
        else:
            node.notify(str(err), severity="error", timeout=8)
        return
    except KinerjaError as err:
        node.notify(str(err), severity="error", timeout=8)
        return
    done(result)


def confirm_then(
    node: Widget,
    confirm: Confirm,
    save: Callable[[], T],
    done: Callable[[T], None],
    *,
    on_conflict: Callable[[], None] | None = None,
) -> None:
    """Ask ``confirm``'s question; on yes, ``attempt`` the save."""

    def answered(yes: bool | None) -> None:
        if yes:
            attempt(node, save, done, on_conflict=on_conflict)

    node.app.push_screen(confirm, answered)


def ignore(_: Any) -> None:
    """A ``done`` for saves whose result is not needed."""
