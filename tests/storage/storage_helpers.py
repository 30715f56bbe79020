"""Helpers for the storage fault tests: talking to worker processes, sample records."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.office_files import is_temp_name

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("worker.py")

Spawn = Callable[..., subprocess.Popen[str]]


def child_env() -> dict[str, str]:
    """The parent's environment with the project root importable (for ``models``)."""
    env = dict(os.environ)
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + existing if existing else "")
    return env


def read_line(proc: subprocess.Popen[str]) -> str:
    """The child's next announcement; its stderr is shown if it died instead."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"child exited ({proc.returncode}) without answering:\n{err}")
    return line.strip()


def tell(proc: subprocess.Popen[str], line: str = "GO") -> None:
    assert proc.stdin is not None
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def employee(nip: str, nama: str, **extra: Any) -> dict[str, Any]:
    """An employee record of the stored shape (the storage layer checks shapes on load)."""
    return {
        "nip": nip,
        "nama": nama,
        "gelar_depan": "",
        "gelar_belakang": "",
        "jenis_asn": "PNS",
        "golongan": "III/a",
        "jabatan": "Staf",
        "jenis_jabatan": "Pelaksana",
        "unit": "Umum",
        "atasan_nip": None,
        "aktif": True,
        **extra,
    }


def rating(nip_dinilai: str, nip_penilai: str, skor: int) -> dict[str, Any]:
    return {
        "periode": "2026-S1",
        "nip_dinilai": nip_dinilai,
        "nip_penilai": nip_penilai,
        "peran": "atasan",
        "skor": {"disiplin": skor},
        "catatan": "",
    }


class FaultyOs:
    """``os`` as ``models.office_files`` sees it, with one function failing on its n-th call.

    ``open`` only counts temp-file creation; every other attribute is the real ``os``.
    """

    def __init__(self, function: str, fail_on: int | None, code: int) -> None:
        self.function = function
        self.fail_on = fail_on
        self.code = code
        self.calls = 0
        self.failed = 0
        real: Callable[..., Any] = getattr(os, function)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if function != "open" or is_temp_name(Path(args[0]).name):
                self.calls += 1
                if self.calls == self.fail_on:
                    self.failed += 1
                    raise OSError(self.code, os.strerror(self.code))
            return real(*args, **kwargs)

        setattr(self, function, wrapper)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def temp_files(folder: Path) -> list[Path]:
    """Temp files Kinerja left anywhere under ``folder``."""
    return sorted(p for p in folder.rglob("*") if is_temp_name(p.name))
