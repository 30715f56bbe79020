"""Shared fixtures for the storage fault tests: child processes, a seeded office file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from storage_helpers import ROOT, WORKER, Spawn, child_env, employee, rating

from models import i18n
from models.store import Store


@pytest.fixture
def spawn() -> Iterator[Spawn]:
    """Start ``worker.py COMMAND ARGS`` with pipes; any child still alive at teardown is killed."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: Any) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


@pytest.fixture
def run_child(spawn: Spawn) -> Callable[..., str]:
    """Run a worker command to completion and return its stdout; a failure fails the test."""

    def run(*args: Any) -> str:
        proc = spawn(*args)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        return out

    return run


@pytest.fixture
def office_file(tmp_path: Path) -> Path:
    """A data file with two employees, one rating and their audit entries."""
    path = tmp_path / "kinerja.json"
    store = Store(path, initial=dict)
    with store.transaction() as txn:
        txn.insert("employees", employee("198609262015051001", "Ani"))
        txn.insert("employees", employee("199001012020121002", "Budi"))
        txn.insert("ratings", rating("199001012020121002", "198609262015051001", 4))
    return path


@pytest.fixture
def language() -> Iterator[Callable[[str], None]]:
    """Switch the message language for one test and put it back afterwards."""
    before = i18n.get_language()
    yield i18n.set_language
    i18n.set_language(before)
