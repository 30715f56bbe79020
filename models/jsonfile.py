"""Reading a JSON file a clerk edited by hand (``kinerja import pengaturan-evaluasi``).

The file is found, sized and decoded by the rules of every import (README,
"Reading a file"): UTF-8 with or without a BOM, UTF-16/32 by their BOM, any
other encoding only when named.  The JSON itself is read strictly: a key
written twice in one object is refused, since a parser would silently keep
only the last one, and so are ``NaN`` and ``Infinity``, which are not JSON.
What the document must hold is the caller's business.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final, NoReturn

from models.errors import ValidationError
from models.tabular import check_file, read_text

MAX_JSON_BYTES: Final = 1024 * 1024
"""A settings document is a few kilobytes; anything far larger is not one."""


def read_json(path: Path | str, *, encoding: str | None = None) -> Any:
    """The value a ``.json`` file holds; a refusal names the file and, where it can, the spot."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValidationError(
            "jsonfile.not_json", field="file", path=str(path), suffix=path.suffix or path.name
        )
    check_file(path, MAX_JSON_BYTES)
    text = read_text(path, encoding)

    def refuse_constant(name: str) -> NoReturn:
        raise ValidationError("jsonfile.constant", field="file", path=str(path), value=name)

    def one_of_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                raise ValidationError(
                    "jsonfile.duplicate_key", field="file", path=str(path), key=key
                )
            found[key] = value
        return found

    try:
        return json.loads(text, object_pairs_hook=one_of_each, parse_constant=refuse_constant)
    except json.JSONDecodeError as err:
        raise ValidationError(
            "jsonfile.bad_json", field="file", path=str(path), line=err.lineno, column=err.colno
        ) from None
    except (ValueError, RecursionError):
        # A number of thousands of digits, or thousands of nested brackets.
        raise ValidationError("jsonfile.not_readable", field="file", path=str(path)) from None
