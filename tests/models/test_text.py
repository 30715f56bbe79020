"""The text rules at the boundary: refused in names, removed from comments, never printed raw."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import KinerjaError, ValidationError
from models.text import (
    COMMENT_MAX,
    check_comment,
    clean_comment,
    first_forbidden,
    one_line,
    printable,
)

CONTROLS = [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))]
BIDI = list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize("char", [c for c in CONTROLS if c not in "\t\n\r"] + BIDI)
def test_one_line_refuses_every_control_and_bidi_character(char: str) -> None:
    with pytest.raises(ValidationError) as caught:
        one_line(f"Siti{char}Aminah", "nama")
    assert caught.value.field == "nama"
    assert caught.value.params["char"] == f"U+{ord(char):04X}"
    assert caught.value.params["position"] == 5


def test_one_line_folds_spacing() -> None:
    assert one_line("  Kepala\r\nSeksi\tUmum  ", "jabatan") == "Kepala Seksi Umum"
    assert first_forbidden("biasa saja, ñ é") is None


def test_message_names_the_character_in_both_languages() -> None:
    from models.i18n import set_language

    with pytest.raises(ValidationError) as caught:
        one_line("Budi\u202eX", "nama")
    assert str(caught.value) == (
        "isian nama berisi karakter kendali tak terlihat U+202E (huruf ke-5); "
        "hapus lalu ketik ulang"
    )
    set_language("en")
    assert str(caught.value) == (
        "nama contains the invisible control character U+202E (character 5); "
        "delete it and type it again"
    )


def test_clean_comment_removes_and_counts() -> None:
    text = "\x1b]0;judul\x07Bagus\u202e sekali\r\n\tlanjutkan\x00 "
    assert clean_comment(text) == ("]0;judulBagus sekali  \tlanjutkan".replace("\t", " "), 4)
    assert clean_comment("  biasa  ") == ("biasa", 0)


def test_check_comment_has_one_limit() -> None:
    assert check_comment("x" * COMMENT_MAX) == "x" * COMMENT_MAX
    with pytest.raises(ValidationError) as caught:
        check_comment("x" * (COMMENT_MAX + 1))
    assert str(caught.value) == "catatan terlalu panjang: 1001 karakter, paling banyak 1000"


@given(st.text())
def test_printable_keeps_length_and_removes_every_control(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(text)
    assert first_forbidden(shown) is None
    assert not any(char in shown for char in "\t\n\r")
    assert all(a == b for a, b in zip(text, shown, strict=True) if a.isprintable())


def test_error_messages_never_carry_raw_control_characters() -> None:
    err = KinerjaError("transfer.periode_unknown", kode="\x1b]2;retitled\x07")
    assert str(err) == "periode \ufffd]2;retitled\ufffd tidak ditemukan"
