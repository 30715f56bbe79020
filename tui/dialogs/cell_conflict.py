"""Settling one cell another clerk changed since it was shown: both values, one key to choose.

A cell of a grid is saved the moment a key is typed, with the value the screen
showed (``seen``); when the stored value changed meanwhile the model refuses with
a conflict that carries both values (``models.entry.CellConflict`` for a score,
``models.evaluations.CellConflict`` for an official rating).  ``settle`` shows
them side by side in the ``ConflictDialog``: r writes the stored value back (so
the choice is audited), l writes the clerk's own, Esc decides nothing.  A choice
that meets yet another change is asked again, with the newest value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

from textual.widget import Widget

from models.errors import KinerjaError
from tui.dialogs.conflict import ConflictDialog

KEEP_STORED = "tersimpan"
"""The audit trail's word for the other clerk's value being kept (``models.entry.resolution``)."""
KEEP_TYPED = "diketik"
"""The audit trail's word for the clerk's own value being written."""


class Conflicting(Protocol):
    """A refused cell save: the stored value and the one this clerk typed."""

    theirs: Any
    mine: Any


C = TypeVar("C", bound=Conflicting)


@dataclass(frozen=True)
class CellChoice(Generic[C]):
    """How one grid settles its conflicts.

    ``label`` names the cell in the dialog, ``shown`` writes one of its values in words.
    ``write(conflict, keep)`` saves the chosen value (``keep`` is ``KEEP_STORED`` or
    ``KEEP_TYPED``) and may raise the same kind of conflict again or any refusal;
    ``done(conflict, keep)`` runs after it was saved, ``left()`` after Esc,
    ``error(message)`` after a refusal.
    """

    label: Callable[[C], str]
    shown: Callable[[C, Any], str]
    write: Callable[[C, str], None]
    done: Callable[[C, str], None]
    left: Callable[[], None]
    error: Callable[[str], None]
    intro: Callable[[C], str] = str
    hint: str = ""


def settle(node: Widget, conflict: C, choice: CellChoice[C]) -> None:
    """Show ``conflict`` and save what the clerk chooses (see the module docstring)."""

    def chosen(keep_stored: bool | None) -> None:
        if keep_stored is None:
            choice.left()
            return
        keep = KEEP_STORED if keep_stored else KEEP_TYPED
        try:
            choice.write(conflict, keep)
        except KinerjaError as err:
            if isinstance(err, type(conflict)):
                settle(node, cast(C, err), choice)
            else:
                choice.error(str(err))
            return
        choice.done(conflict, keep)

    label = choice.label(conflict)
    node.app.push_screen(
        ConflictDialog(
            {"nilai": choice.shown(conflict, conflict.mine)},
            {"nilai": choice.shown(conflict, conflict.theirs)},
            labels={"nilai": label},
            intro=choice.intro(conflict),
            hint=choice.hint or None,
            escape_keeps_mine=False,
        ),
        chosen,
    )
