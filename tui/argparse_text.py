"""argparse's own words (``usage:``, ``options:``, its error messages) in the clerk's language.

argparse looks every message it prints up through ``gettext``, by its English text,
at the moment it prints it; ``in_language`` puts Kinerja's catalogs in that place while
the command line is built and read, so ``kinerja --help`` and a mistyped option are
told in one language.  ``tests/test_cli.py`` checks that every English message listed
here is still one argparse uses, so a Python upgrade that rewords one fails loudly.

Choices are read without regard to case (``--jenis Semester``) through ``folded``.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterable, Iterator

from models.i18n import t

MESSAGES: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
}
"""argparse's messages a clerk can meet, by their English text, and their catalog keys.

Messages that only a programming mistake can cause (a conflicting option, a bad
``nargs``) are left in English."""

PLURAL_MESSAGES: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "cli.argparse.expected_n",
}


def translate(message: str) -> str:
    """The catalog's text for one of argparse's messages (same ``%`` fields); others unchanged."""
    key = MESSAGES.get(message)
    return t(key) if key is not None else message


def translate_plural(singular: str, plural: str, count: int) -> str:
    key = PLURAL_MESSAGES.get((singular, plural))
    if key is not None:
        return t(key)
    return singular if count == 1 else plural


@contextlib.contextmanager
def in_language() -> Iterator[None]:
    """While inside, argparse speaks the current language (models.i18n)."""
    names = vars(argparse)
    saved = names["_"], names["ngettext"]
    names["_"], names["ngettext"] = translate, translate_plural
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved


def folded(choices: Iterable[str]) -> Callable[[str], str]:
    """A ``type`` that reads any case of one of ``choices`` as that choice (argparse then
    still refuses anything else, listing the choices)."""
    by_fold = {choice.casefold(): choice for choice in choices}

    def choice(text: str) -> str:
        return by_fold.get(text.strip().casefold(), text)

    choice.__name__ = "choice"
    return choice
