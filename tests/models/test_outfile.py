"""Files written for the clerk: never over an existing file unasked, never into an office."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import outfile
from models.errors import KinerjaError
from models.outfile import ExistsError, write_file


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o000, 0o002, 0o022, 0o077])
def test_created_0660_whatever_the_umask(tmp_path: Path, mask: int, umask: None) -> None:
    os.umask(mask)
    out = write_file(tmp_path / "ekspor.csv", b"a\n")
    assert out == tmp_path / "ekspor.csv"
    assert out.read_bytes() == b"a\n"
    assert mode(out) == 0o660
    replaced = write_file(out, b"b\n", force=True)
    assert mode(replaced) == 0o660


def test_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "ekspor.csv"
    out.write_bytes(b"lama")
    with pytest.raises(ExistsError) as caught:
        write_file(out, b"baru")
    assert str(caught.value) == f"berkas {out} sudah ada; tidak ditimpa"
    assert out.read_bytes() == b"lama"
    write_file(out, b"baru", force=True)
    assert out.read_bytes() == b"baru"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ekspor.csv"]


def test_a_file_appearing_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ekspor.csv"
    real_fsync = os.fsync

    def another_clerk_writes_first(fd: int) -> None:
        real_fsync(fd)
        if not out.exists():
            out.write_bytes(b"milik orang lain")

    monkeypatch.setattr(outfile.os, "fsync", another_clerk_writes_first)
    with pytest.raises(ExistsError):
        write_file(out, b"baru")
    assert out.read_bytes() == b"milik orang lain"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ekspor.csv"]


@pytest.mark.parametrize("force", [False, True])
def test_symlink_target_is_refused(tmp_path: Path, force: bool) -> None:
    victim = tmp_path / "rahasia.txt"
    victim.write_bytes(b"jangan diubah")
    link = tmp_path / "ekspor.csv"
    link.symlink_to(victim)
    with pytest.raises(KinerjaError) as caught:
        write_file(link, b"baru", force=force)
    assert caught.value.key == "outfile.symlink"
    assert str(caught.value).startswith(f"{link} adalah tautan simbolik")
    assert victim.read_bytes() == b"jangan diubah"
    assert link.is_symlink()


def test_dangling_symlink_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "ekspor.csv"
    link.symlink_to(tmp_path / "belum-ada.csv")
    with pytest.raises(KinerjaError) as caught:
        write_file(link, b"baru")
    assert caught.value.key == "outfile.symlink"
    assert not (tmp_path / "belum-ada.csv").exists()


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(KinerjaError) as caught:
        write_file(tmp_path, b"x", force=True)
    assert caught.value.key == "outfile.not_a_file"


def test_office_files_are_refused_even_with_force(office_path: Path) -> None:
    manifest = office_path.read_bytes()
    shard_dir = office_path.with_name(office_path.name + ".d")
    backups = office_path.with_name(office_path.name + ".backups")
    backups.mkdir(exist_ok=True)
    shard = next(shard_dir.iterdir())
    targets = [
        office_path,
        office_path.with_name(office_path.name + ".lock"),
        shard,
        shard_dir / "baru.csv",
        shard_dir,
        backups / "ekspor.csv",
        backups,
    ]
    for target in targets:
        with pytest.raises(KinerjaError) as caught:
            write_file(target, b"rusak", force=True)
        assert caught.value.key == "outfile.office_file", target
        assert str(caught.value) == (
            f"{target} adalah bagian dari file data kantor {office_path}; "
            "ekspor tidak pernah ditulis ke sana"
        )
    assert office_path.read_bytes() == manifest


def test_an_office_manifest_elsewhere_is_recognised_by_its_content(
    office_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "salinan" / "lain.csv"
    copy.parent.mkdir()
    copy.write_bytes(office_path.read_bytes())
    with pytest.raises(KinerjaError) as caught:
        write_file(copy, b"x", force=True)
    assert caught.value.key == "outfile.office_file"
    other = tmp_path / "biasa.json"
    other.write_bytes(b'{"format": "lain"}')
    assert write_file(other, b"{}", force=True) == other


def test_a_link_to_the_office_folder_does_not_hide_it(office_path: Path, tmp_path: Path) -> None:
    shard_dir = office_path.with_name(office_path.name + ".d")
    alias = tmp_path / "pintasan"
    alias.symlink_to(shard_dir)
    with pytest.raises(KinerjaError) as caught:
        write_file(alias / "ekspor.csv", b"x")
    assert caught.value.key == "outfile.office_file"
