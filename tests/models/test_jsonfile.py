"""Reading a hand-edited JSON file: the import rules for files, and strict JSON."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from models.errors import ValidationError
from models.jsonfile import MAX_JSON_BYTES, read_json


def refused(path: Path, **kwargs: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read_json(path, **kwargs)
    assert caught.value.field == "file"
    return caught.value


def test_a_json_file_is_read_with_or_without_a_bom(tmp_path: Path) -> None:
    plain = tmp_path / "a.json"
    plain.write_text('{"a": [1, "dua", null, true]}', "utf-8")
    assert read_json(plain) == {"a": [1, "dua", None, True]}
    bom = tmp_path / "b.JSON"
    bom.write_bytes(codecs.BOM_UTF16_LE + '{"nama": "Núñez"}'.encode("utf-16-le"))
    assert read_json(bom) == {"nama": "Núñez"}


@pytest.mark.parametrize(
    ("content", "key", "words"),
    [
        (
            '{"a": 1, "b": {"c": 2, "c": 3}}',
            "jsonfile.duplicate_key",
            'kunci "c" tertulis dua kali',
        ),
        ('{"a": Infinity}', "jsonfile.constant", "berisi Infinity"),
        ('{"a": 1,}', "jsonfile.bad_json", "baris 1 kolom 9"),
        ("", "jsonfile.bad_json", "baris 1 kolom 1"),
        ("[" * 100_000 + "]" * 100_000, "jsonfile.not_readable", "terlalu panjang"),
        ('{"a": ' + "9" * 5000 + "}", "jsonfile.not_readable", "terlalu panjang"),
    ],
)
def test_what_is_not_strict_json_is_refused(
    tmp_path: Path, content: str, key: str, words: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, "utf-8")
    err = refused(path)
    assert err.key == key
    assert words in str(err) and str(path) in str(err)


def test_the_file_rules_of_every_import_apply(tmp_path: Path) -> None:
    assert refused(tmp_path / "tidak-ada.json").key == "tabular.not_found"
    assert refused(tmp_path / "x.txt").key == "jsonfile.not_json"
    big = tmp_path / "besar.json"
    big.write_bytes(b" " * (MAX_JSON_BYTES + 1))
    assert refused(big).key == "tabular.too_large"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"nama": "Núñez"}'.encode("cp1252"))
    assert refused(latin).key == "tabular.not_utf8"
    assert read_json(latin, encoding="cp1252") == {"nama": "Núñez"}
    assert refused(latin, encoding="klingon").key == "tabular.unknown_encoding"
