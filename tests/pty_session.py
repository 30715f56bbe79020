"""A program in a real pseudo-terminal, read as a terminal would: bytes counted, screen kept.

Used by the benchmark (bytes sent to the terminal per key, Kinerja against
VisiData) and by the slow-link test (a reader that takes the output slowly).
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Sequence

import pexpect
import pyte

COLUMNS, LINES = 80, 24

KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "f3": b"\x1bOR",
    "f6": b"\x1b[17~",
    "ctrl+q": b"\x11",
}
"""What an xterm sends for each key named like Textual's keys (others are sent as typed)."""


def key_bytes(key: str) -> bytes:
    return KEYS.get(key, key.encode())


class PtySession:
    """``argv`` running in an 80x24 pseudo-terminal; everything it writes is counted and shown."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        *,
        cwd: str | None = None,
        columns: int = COLUMNS,
        lines: int = LINES,
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(
            argv[0], list(argv[1:]), env=env, cwd=cwd, dimensions=(lines, columns), timeout=30
        )
        self.received = 0
        """Bytes read from the program since it started."""

    @property
    def fd(self) -> int:
        return int(self.child.child_fd)

    def read_some(self, timeout: float, limit: int = 65536) -> bytes:
        """What the program wrote within ``timeout`` seconds (up to ``limit`` bytes)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.fd, limit)
        except OSError:  # the program ended
            return b""
        self.received += len(data)
        self.stream.feed(data)
        return data

    def settle(self, quiet: float = 0.35, timeout: float = 60.0) -> int:
        """Read until the program has written nothing for ``quiet`` seconds; bytes read."""
        start = self.received
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.read_some(quiet):
                break
        return self.received - start

    def press(self, key: str, quiet: float = 0.35) -> int:
        """Send one key and read until the program is quiet again; the bytes it wrote."""
        self.send(key_bytes(key))
        return self.settle(quiet)

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read_some(0.2)
            if needle in self.text():
                return self.text()
            if not self.child.isalive():
                break
        raise AssertionError(f"{needle!r} never appeared; the screen was:\n{self.text()}")

    def quit(self, timeout: float = 20.0) -> int:
        """Press ctrl+q, read until the program has ended; its exit status."""
        self.send(key_bytes("ctrl+q"))
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.read_some(0.1)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close()
