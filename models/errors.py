"""Errors carry a catalog key and parameters, so each is shown in the clerk's language."""

from __future__ import annotations

from models.display import printable
from models.i18n import t


class KinerjaError(Exception):
    """A problem the user can act on; ``str()`` gives the translated message."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        # Messages quote what the clerk typed or stored: shown, never obeyed by the terminal.
        return printable(t(self.key, **self.params))


class ValidationError(KinerjaError):
    """Bad input for one field (``field`` names it so a form can show it beside the field)."""

    def __init__(self, key: str, /, field: str | None = None, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class NotFoundError(KinerjaError):
    """A record that was asked for does not exist."""
