"""Two real OS accounts in one group share an office, following the README's recipe.

The test creates a group and two clerks (each with a private group, as
``useradd`` makes them), a setgid 2770 folder, and runs the real command as each
clerk under umask 077.  Then one clerk acts as a hostile group member against
the other.  Creating accounts needs root, which CI has.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="creating OS accounts needs root (CI runs as root)"
)


def _world_runnable(path: Path) -> bool:
    """Whether another account can run ``path``: every folder above it traversable."""
    real = path.resolve()
    if not real.is_file() or not real.stat().st_mode & stat.S_IXOTH:
        return False
    return all(parent.stat().st_mode & stat.S_IXOTH for parent in real.parents)


def _interpreter() -> str:
    """A Python of this version that the clerks' accounts can run.

    The test's own interpreter may live in root's home, which other accounts
    cannot enter; the system's Python of the same version then runs the same
    code with this environment's packages on its path.
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (Path(sys.executable), Path(f"/usr/bin/python{version}")):
        if _world_runnable(candidate):
            return str(candidate)
    pytest.fail(f"no Python {version} that another account can run (tried {sys.executable})")


@dataclass
class Clerk:
    name: str
    home: Path

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid


@dataclass
class Office:
    group: str
    folder: Path
    data: Path
    budi: Clerk
    siti: Clerk
    python: str

    def run(
        self, clerk: Clerk, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The real command as ``clerk``, umask 077, with only the office group added."""
        entry = pwd.getpwnam(clerk.name)
        environment = {
            "HOME": str(clerk.home),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "KINERJA_LANG": "en",
            "KINERJA_DB": str(self.data),
            "PYTHONPATH": os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]]),
            "PYTHONDONTWRITEBYTECODE": "1",
            **(env or {}),
        }
        return subprocess.run(
            [self.python, "-m", "tui.cli", *args],
            user=entry.pw_uid,
            group=entry.pw_gid,
            extra_groups=[grp.getgrnam(self.group).gr_gid],
            umask=0o077,
            env=environment,
            cwd=clerk.home,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def ok(self, clerk: Clerk, *args: str) -> str:
        done = self.run(clerk, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout


def _sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


@pytest.fixture(scope="module")
def shared() -> Iterator[Office]:
    tag = f"{os.getpid() % 100000}"
    group, names = f"kpg{tag}", [f"kbudi{tag}", f"ksiti{tag}"]
    base = Path(tempfile.mkdtemp(prefix="kinerja-shared-"))
    os.chmod(base, 0o755)
    _sh("groupadd", group)
    clerks = []
    try:
        for name in names:
            _sh("useradd", "-M", "-U", "-s", "/usr/sbin/nologin", name)
            _sh("usermod", "-aG", group, name)
            home = base / name
            home.mkdir(mode=0o700)
            os.chown(home, pwd.getpwnam(name).pw_uid, pwd.getpwnam(name).pw_gid)
            clerks.append(Clerk(name, home))
        folder = base / "srv"
        folder.mkdir()
        os.chown(folder, 0, grp.getgrnam(group).gr_gid)
        os.chmod(folder, 0o2770)
        yield Office(group, folder, folder / "unused.json", *clerks, _interpreter())
    finally:
        for name in names:
            subprocess.run(["userdel", name], capture_output=True)
            subprocess.run(["groupdel", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def office(shared: Office, request: pytest.FixtureRequest) -> Office:
    """The shared folder with a data file of this test's own."""
    name = "".join(c for c in request.node.name if c.isalnum())[-40:]
    return replace(shared, data=shared.folder / f"{name}.json")


EMPLOYEES = (
    "nip,nama,gelar_depan,gelar_belakang,jenis_asn,golongan,jabatan,jenis_jabatan,unit,"
    "atasan_nip,aktif\n"
    "197509152007111001,Dani Hidayat,,,PNS,IV/b,Camat,Administrator,Sekretariat,,ya\n"
    "198609262015051001,Ani Suryani,,,PNS,III/b,Analis,Fungsional,Sekretariat,"
    "197509152007111001,ya\n"
)


def _modes(office: Office) -> list[tuple[Path, int, str]]:
    """Every file of this test's office (data file, lock, folders and what is in them)."""
    members = sorted(office.folder.glob(office.data.name + "*"))
    inside = [p for member in members if member.is_dir() for p in sorted(member.iterdir())]
    found = []
    for path in members + inside:
        st = path.lstat()
        found.append((path, st.st_mode, grp.getgrgid(st.st_gid).gr_name))
    return found


def test_two_clerks_share_one_office_under_umask_077(office: Office) -> None:
    budi, siti = office.budi, office.siti
    (budi.home / "pegawai.csv").write_text(EMPLOYEES, encoding="utf-8")
    os.chown(budi.home / "pegawai.csv", budi.uid, -1)

    office.ok(budi, "init", str(office.data))
    office.ok(budi, "import", "employees", str(budi.home / "pegawai.csv"))
    office.ok(budi, "period", "create", "2026-S1", "--jenis", "semester", "--mulai", "01-01-2026")
    # The second clerk reads and writes everything the first one made.
    assert "2026-S1" in office.ok(siti, "period", "list")
    office.ok(siti, "period", "open", "2026-S1")
    office.ok(siti, "period", "create", "2026-S2", "--jenis", "semester", "--mulai", "01-07-2026")
    office.ok(budi, "period", "open", "2026-S2")
    listed = office.ok(siti, "backup", "list").splitlines()
    assert listed and all("DAMAGED" not in line for line in listed)
    assert "sound" in office.ok(siti, "check")
    assert "sound" in office.ok(budi, "check")

    # Either clerk can restore what the other backed up, and the other works on after.
    first = listed[-1].split()[0]
    office.ok(siti, "backup", "restore", first)
    office.ok(budi, "period", "create", "2026-Q4", "--jenis", "triwulan", "--mulai", "01-10-2026")
    assert "sound" in office.ok(siti, "check")

    for path, mode, group in _modes(office):
        assert group == office.group, path
        assert not mode & 0o007, f"{path} is world-accessible"
        if stat.S_ISDIR(mode):
            assert stat.S_IMODE(mode) == 0o2770, path
        else:
            assert stat.S_IMODE(mode) == 0o660, path
    owners = {pwd.getpwuid(p.lstat().st_uid).pw_name for p, _m, _g in _modes(office)}
    assert owners == {budi.name, siti.name}


def _ensure_saved_twice(office: Office) -> None:
    """The office exists and has a backup (made by the first save after ``init``)."""
    if not office.data.exists():
        office.ok(office.budi, "init", str(office.data))
        office.ok(
            office.budi,
            "period",
            "create",
            "2025-S1",
            "--jenis",
            "semester",
            "--mulai",
            "01-01-2025",
        )


def test_the_audit_names_the_account_not_what_the_environment_claims(office: Office) -> None:
    budi, siti = office.budi, office.siti
    _ensure_saved_twice(office)
    done = office.run(
        siti,
        "period",
        "create",
        "2027-S1",
        "--jenis",
        "semester",
        "--mulai",
        "01-01-2027",
        env={"KINERJA_USER": budi.name, "LOGNAME": budi.name, "USER": budi.name},
    )
    assert done.returncode == 0, done.stderr
    manifest = orjson.loads(office.data.read_bytes())
    assert manifest["saved_by"] == siti.name
    chunk = (
        office.data.with_name(office.data.name + ".d") / manifest["tables"]["audit/000000"]["file"]
    )
    entries = orjson.loads(chunk.read_bytes())["docs"].values()
    creation = [e for e in entries if e["aksi"] == "tambah" and e["periode"] == "2027-S1"]
    assert [e["pengguna"] for e in creation] == [siti.name]


@pytest.mark.parametrize("member", [".lock", ".d", ".backups"])
def test_a_hostile_clerk_cannot_make_the_other_touch_their_own_files(
    office: Office, member: str
) -> None:
    """Siti plants a link in the shared folder pointing into Budi's private home."""
    budi, siti = office.budi, office.siti
    _ensure_saved_twice(office)
    secret = budi.home / "rahasia"
    secret.mkdir(exist_ok=True)
    (secret / "gaji.txt").write_text("7.500.000", encoding="utf-8")
    for path in (secret, secret / "gaji.txt"):
        os.chown(path, budi.uid, -1)
    os.chmod(secret / "gaji.txt", 0o600)
    target = secret / "gaji.txt" if member == ".lock" else secret
    planted = office.data.with_name(office.data.name + member)
    aside = planted.with_name(planted.name + ".asli")
    # Siti can rename and create in the shared folder; she does it as herself.
    hostile = (
        f"import os; os.rename({str(planted)!r}, {str(aside)!r}); "
        f"os.symlink({str(target)!r}, {str(planted)!r})"
    )
    entry = pwd.getpwnam(siti.name)
    subprocess.run(
        [office.python, "-c", hostile],
        user=entry.pw_uid,
        group=entry.pw_gid,
        extra_groups=[grp.getgrnam(office.group).gr_gid],
        check=True,
    )
    before = {p.name: (p.lstat().st_mode, p.read_bytes()) for p in secret.iterdir()}
    try:
        for args in (
            ("period", "create", "2028-S1", "--jenis", "semester", "--mulai", "01-01-2028"),
            ("check",),
            ("backup", "list"),
        ):
            done = office.run(budi, *args)
            assert done.returncode != 0, args
            message = (done.stderr or done.stdout).strip()
            assert "symbolic link" in message and str(planted) in message, message
            assert "Traceback" not in done.stderr
        after = {p.name: (p.lstat().st_mode, p.read_bytes()) for p in secret.iterdir()}
        assert after == before
    finally:
        planted.unlink()
        os.rename(aside, planted)
    assert "sound" in office.ok(budi, "check")
