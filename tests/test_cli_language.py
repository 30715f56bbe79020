"""The command line speaks one language, argparse's own words included, and reads choices
in any case."""

from __future__ import annotations

import argparse
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.i18n import set_language
from models.office import Office
from tui import argparse_text
from tui.cli import EXIT_ERROR, EXIT_OK, build_parser, main

ENGLISH_ARGPARSE = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("english", sorted(argparse_text.MESSAGES))
def test_every_translated_message_is_still_one_argparse_prints(english: str) -> None:
    assert repr(english)[1:-1] in inspect.getsource(argparse), english


def test_plural_messages_are_still_argparse_s() -> None:
    source = inspect.getsource(argparse)
    for singular, plural in argparse_text.PLURAL_MESSAGES:
        assert f"'{singular}'" in source and f"'{plural}'" in source


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["period", "create", "--help"],
        ["export", "--help"],
        ["demo", "--help"],
        ["import", "--help"],
        ["backup", "restore", "--help"],
    ],
)
def test_help_is_indonesian_by_default(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(argv, capsys)
    assert code == EXIT_OK
    assert text.startswith("penggunaan: kinerja")
    assert "pilihan:" in text
    for english in ENGLISH_ARGPARSE:
        assert english not in text


def test_help_is_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--lang", "en", "period", "create", "--help"], capsys)
    assert code == EXIT_OK
    assert text.startswith("usage: kinerja period create")
    assert "options:" in text and "--mulai DD-MM-YYYY" in text and "NAME" in text
    assert "penggunaan" not in text and "pilihan" not in text and "wajib" not in text


@pytest.mark.parametrize(
    ("argv", "indonesian"),
    [
        (
            ["period", "create", "X", "--jenis", "Semestr", "--mulai", "01-01-2026"],
            "kinerja: --jenis: 'Semestr' tidak dikenal (pilih salah satu: 'bulanan', "
            "'triwulan', 'semester', 'tahunan') (lihat 'kinerja --help')\n",
        ),
        (
            ["period", "create"],
            "kinerja: isian berikut wajib diberikan: ID, --jenis, --mulai "
            "(lihat 'kinerja --help')\n",
        ),
        (
            ["export", "foo"],
            "kinerja: DATA: 'foo' tidak dikenal (pilih salah satu: 'employees', 'ratings', "
            "'ranking', 'jp', 'evaluasi', 'distribusi', 'pengaturan-evaluasi') "
            "(lihat 'kinerja --help')\n",
        ),
        (["check", "--nope"], "kinerja: isian tidak dikenal: --nope (lihat 'kinerja --help')\n"),
        (
            ["export", "jp", "--year"],
            "kinerja: --year: perlu satu nilai (lihat 'kinerja --help')\n",
        ),
        (
            ["export", "jp", "--year", "dua"],
            "kinerja: --year: 'dua' bukan isian yang sah (lihat 'kinerja --help')\n",
        ),
    ],
)
def test_argparse_errors_are_one_line_in_the_clerks_language(
    argv: list[str], indonesian: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(argv, capsys)
    assert (code, text) == (EXIT_ERROR, indonesian)


def test_argparse_errors_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--lang", "en", "period", "create", "X", "--jenis", "x"], capsys)
    assert code == EXIT_ERROR
    assert text == (
        "kinerja: --jenis: 'x' is not known (choose one of: 'bulanan', 'triwulan', "
        "'semester', 'tahunan') (see 'kinerja --help')\n"
    )


def test_argparse_gets_its_own_words_back_afterwards(capsys: pytest.CaptureFixture[str]) -> None:
    run(["--help"], capsys)
    parser = argparse.ArgumentParser(prog="x")
    assert parser.format_usage().startswith("usage: x")


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_choice_of_every_command_is_read_in_any_case() -> None:
    checked = 0
    for parser in _parsers(build_parser()):
        for action in parser._actions:
            if action.choices is None or isinstance(action, argparse._SubParsersAction):
                continue
            for choice in action.choices:
                for typed in (choice.upper(), choice.lower(), choice.title()):
                    assert action.type is not None, action.dest
                    assert action.type(typed) == choice
                checked += 1
    assert checked >= 10


def test_a_period_kind_typed_in_capitals_creates_the_period(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", str(office_path), "period", "create", "2027-S1", "--jenis", "SEMESTER"]
    code, text = run([*argv, "--mulai", "01-01-2027"], capsys)
    assert code == EXIT_OK, text
    assert Office.open(office_path).period("2027-S1")["jenis"] == "semester"
    code, _ = run(["--db", str(office_path), "export", "RANKING", "--period", "2027-S1"], capsys)
    assert code == EXIT_OK


def test_the_date_placeholder_follows_the_language() -> None:
    set_language("id")
    usage = build_parser()
    text = re.sub(r"\s+", " ", _subparser(usage, "period", "create").format_usage())
    assert "--mulai HH-BB-TTTT" in text


def _subparser(parser: argparse.ArgumentParser, *names: str) -> argparse.ArgumentParser:
    for name in names:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return parser


def test_period_list_names_the_kind_in_the_clerks_language(
    office_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(["--db", str(office_path), "period", "list"], capsys)
    assert code == EXIT_OK and text.split("\t")[2] == "Semester"
    code, text = run(["--db", str(office_path), "--lang", "en", "period", "list"], capsys)
    assert code == EXIT_OK and text.split("\t")[2] == "Half-year"
    assert text.rstrip().endswith("open")
