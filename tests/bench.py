"""Benchmark: start-up, saving a score, ranking, memory, the employee list, imports, the
official evaluation and its documents.

Run with ``python -m tests.bench`` (or ``make bench``).  Every figure is printed
with its ratio to a baseline measured in the same run, so results from a noisy
machine still compare.  Child processes measure whole-process figures; the
``--child`` entry points below are what they run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = ("S", "M", "L")
IMPORT_SIZES = {"employees": (2_000, 16_000), "ratings": (10_000, 80_000)}
"""Rows per import file: the small and the large of each scaling figure."""
BUDGETS = {
    "startup_S": 1.15,
    "startup_M": 1.3,
    "startup_L": 1.4,
    "save_L_over_S": 2.0,
    "ranking_L": 1.5,
    "memory_L_mib_over_bare": 100.0,
    "pegawai_first_screen_L": 1.0,
    "pegawai_full_list_L": 1.0,
    "filter_key_ms": 1000 / 60,
    "filter_worst_frame_ms": 1000 / 60,
    "import_employees_16k_over_2k": 10.0,
    "import_ratings_80k_over_10k": 10.0,
    "bytes_down_over_visidata": 1.5,
    "bytes_scroll_over_visidata": 1.5,
    "bytes_page_over_visidata": 1.5,
    "bytes_score_over_down": 1.5,
    "bytes_mark_over_down": 1.5,
    "evaluation_L": 1.5,
    "evaluation_saved_L": 1.5,
    "pdf_linearity": 1.3,
}
PDF_CHECKPOINTS = (500, 1000, 2000)
"""Pages at which the whole-office evaluation document's time is read (and at its end)."""


# --------------------------------------------------------------------------- children


async def _exit_after_first_paint(pilot: Any) -> None:
    await pilot.pause()
    pilot.app.exit()


def _bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

    return Bare()


def _bare_content_app() -> Any:
    """The baseline plus what Kinerja's first screen shows, drawn by plain Textual.

    A filter box, a status line, a 40-row table of seven columns (as many rows
    as the S office has employees) and a detail line: a reference for what
    the content alone costs, not a budget.
    """
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Input, Static

    row = ("19730314 200507 1 001", "Ade Saepuloh, A.Md.…", "Operator…", "III/c", "Ketent…")
    rows = [(*row, "Intan …", "aktif") for _ in range(40)]

    class BareContent(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(placeholder="Cari nama, NIP, jabatan atau unit…")
            yield Static("40 dari 40 pegawai · status (s): semua · urut (o): Nama ▲")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static("Ade Saepuloh, A.Md.Kom. · Operator Layanan Operasional")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("NIP", "Nama", "Jabatan", "Gol.", "Unit", "Atasan", "Status")
            table.add_rows(rows)
            table.focus()

    return BareContent()


def _kinerja_app(db: str) -> Any:
    from models.office import Office
    from tui.app import KinerjaApp, check_before_start

    office = Office.open(db)
    check_before_start(office)
    return KinerjaApp(office)


def _first_paint_app(kind: str, db: str | None) -> float:
    """Start an app headless and exit right after its first refresh; seconds from exec to it.

    The moment the first frame has been composed is taken inside the app (a
    wrapper around the screen's refresh), so neither waiting for the app to
    go idle nor shutting it down counts; both apps are timed the same way.
    """
    from textual.screen import Screen

    started = float(os.environ["KINERJA_BENCH_T0"])
    if kind == "bare_content":
        app = _bare_content_app()
    else:
        app = _bare_app() if kind == "bare" or db is None else _kinerja_app(db)
    painted: list[float] = []
    refresh = Screen._compositor_refresh

    def refresh_then_exit(screen: Any) -> None:
        refresh(screen)
        if not painted and screen is app.screen:
            painted.append(time.time())
            app.call_later(app.exit)

    Screen._compositor_refresh = refresh_then_exit  # type: ignore[method-assign]
    app.run()  # in the pseudo-terminal the benchmark gives it (80x24)
    return painted[0] - started


def _peak_rss_mib() -> float:
    """Peak resident memory of this process image.

    ``ru_maxrss`` survives fork+exec on Linux (the child would inherit the
    benchmark's own peak), so read ``VmHWM``, which starts afresh at exec.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_memory(kind: str, db: str | None) -> float:
    """Peak RSS of a process that opens the app on its start screen, ranks, and exits."""
    app = _bare_app() if kind == "bare" or db is None else _kinerja_app(db)
    if kind != "bare":
        current = app.office.current_period()
        if current is not None:
            app.office.results(current["kode"])
    app.run(headless=True, size=(80, 24), auto_pilot=_exit_after_first_paint)
    return _peak_rss_mib()


def child_main(argv: list[str]) -> None:
    mode, kind = argv[0], argv[1]
    db = argv[2] if len(argv) > 2 else None
    # The terminal helpers import pexpect and pyte: only where needed, never before a start.
    if mode == "startup":
        seconds = _first_paint_app(kind, db)
        from tests.bench_terminal import write_result

        write_result({"seconds": seconds})
    elif mode == "tty" and db is not None:
        from tests.bench_terminal import child_tty

        child_tty(kind, db)
    elif mode == "save" and db is not None:
        import asyncio

        print(json.dumps({"times": asyncio.run(_grid_saves(Path(db), int(kind)))}))
    elif mode == "memory":
        print(json.dumps({"mib": _child_memory(kind, db)}))
    elif mode == "ranking" and db is not None:
        print(json.dumps(_child_ranking(db, int(kind))))
    elif mode == "evaluation" and db is not None:
        print(json.dumps(_child_evaluation(db, int(kind))))
    elif mode == "pdf" and db is not None:
        print(json.dumps(_child_pdf(db)))
    elif mode == "import" and db is not None:
        print(json.dumps(_child_import(kind, Path(db), argv[3:])))
    elif mode == "workbook" and db is not None:
        print(json.dumps(_child_workbook(Path(db))))
    elif mode == "pegawai" and db is not None:
        import asyncio

        print(json.dumps(asyncio.run(_pegawai_figures(Path(db), int(kind)))))


def _run_child(mode: str, kind: str, db: Path | None = None, *extra: str) -> dict[str, float]:
    env = dict(os.environ, KINERJA_BENCH_T0=repr(time.time()), PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "tests.bench", "--child", mode, kind]
    if db is not None:
        args.append(str(db))
    args.extend(extra)
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- in-process


def compile_bytecode() -> None:
    """Compile Kinerja's modules the way installing it does, so no timed start compiles source.

    pip writes bytecode for every module it installs (Textual's included); an
    editable install writes it at first import, unless PYTHONDONTWRITEBYTECODE
    is set, in which case every start would compile Kinerja's source again.
    """
    import compileall

    for package in ("models", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)


def bench_startup(dbs: dict[str, Path], repeats: int) -> dict[str, float]:
    """Start-up of the bare app and of Kinerja on each office, taken in turns.

    Taking one of each kind per round (rather than all of one kind, then the
    next) keeps a slow spell of a shared machine from falling on one kind only,
    and each round starts with the next kind: a start right after another one
    measurably runs slower, so no kind may always go first.
    """
    from tests.bench_terminal import run_in_pty, terminal_env

    compile_bytecode()
    kinds: dict[str, Path | None] = {"bare": None, "bare_content": None, **dbs}

    env = terminal_env(Path(tempfile.mkdtemp(prefix="kinerja-home-")))

    def start(kind: str) -> float:
        db = kinds[kind]
        args = ["startup", kind] if db is None else ["startup", "app", str(db)]
        return run_in_pty(args, env)["seconds"]

    # One untimed start of each kind first, so every timed run finds warm file caches.
    for kind in kinds:
        start(kind)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    order = list(kinds)
    for round_ in range(repeats):
        shift = round_ % len(order)
        for kind in order[shift:] + order[:shift]:
            times[kind].append(start(kind))
    bare = statistics.median(times.pop("bare"))
    content = statistics.median(times.pop("bare_content"))
    figures = {"startup_bare_s": bare, "startup_bare_content_s": content}
    figures["startup_bare_content"] = content / bare
    for size, seconds in times.items():
        figures[f"startup_{size}_s"] = statistics.median(seconds)
        figures[f"startup_{size}"] = statistics.median(seconds) / bare
    return figures


async def _grid_saves(db: Path, saves: int) -> list[float]:
    """Seconds from a digit typed in the Penilaian grid to the end of the paint showing it
    saved (durably, through the office) and the cursor moved on: the grid's whole path."""
    from models.office import Office
    from tui.app import KinerjaApp
    from tui.widgets.score_grid import ScoreGrid

    app = KinerjaApp(Office.open(db), start="penilaian")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(ScoreGrid)

        def shown() -> tuple[Any, ...]:
            return (grid._update_count, grid.cursor_coordinate)

        digits = ["3", "4"] * (saves // 2 + 1)
        first, _ = await timed_keys(pilot, digits[:saves], shown)
    return first


def bench_save(dbs: dict[str, Path], saves: int, rounds: int = 4) -> dict[str, float]:
    """One score typed in the grid, saved and shown, in S and in L.

    Each round runs a fresh process per office, in turns, so a slow spell of
    the disk falls on both alike.
    """
    timings: dict[str, list[float]] = {"S": [], "L": []}
    for _ in range(rounds):
        for size in timings:
            result = _run_child("save", str(saves // rounds), dbs[size])
            timings[size].extend(result["times"])  # type: ignore[arg-type]
    figures = {f"save_{size}_ms": statistics.median(t) * 1000 for size, t in timings.items()}
    figures["save_L_over_S"] = figures["save_L_ms"] / figures["save_S_ms"]
    return figures


def _plain_sums(
    codes: list[str], employees: dict[str, dict[str, Any]], ratings: list[dict[str, Any]]
) -> dict[tuple[str, str], list[float]]:
    """Per (ratee, role): [count, sum per criterion] of the complete ratings between actives."""
    sums: dict[tuple[str, str], list[float]] = {}
    for r in ratings:
        skor = r["skor"]
        if len(skor) != len(codes) or any(k not in skor for k in codes):
            continue
        ratee, rater = employees.get(r["nip_dinilai"]), employees.get(r["nip_penilai"])
        if not ratee or not rater or not ratee["aktif"] or not rater["aktif"]:
            continue
        acc = sums.setdefault((r["nip_dinilai"], r["peran"]), [0.0] * (len(codes) + 1))
        acc[0] += 1
        for i, k in enumerate(codes):
            acc[i + 1] += skor[k]
    return sums


def plain_ranking(
    criteria: list[dict[str, Any]],
    role_weights: dict[str, float],
    min_rekan: int,
    employees: dict[str, dict[str, Any]],
    ratings: list[dict[str, Any]],
) -> list[tuple[str, float]]:
    """The same formula as models.scoring in one straightforward float pass (the baseline)."""
    codes = [c["kode"] for c in criteria]
    weights = [float(c["bobot"]) for c in criteria]
    total_w = sum(weights)
    sums = _plain_sums(codes, employees, ratings)
    scores: dict[str, dict[str, float]] = {}
    counts: dict[str, dict[str, float]] = {}
    for (nip, peran), acc in sums.items():
        s = sum(w * acc[i + 1] / acc[0] for i, w in enumerate(weights)) / total_w
        scores.setdefault(nip, {})[peran] = s
        counts.setdefault(nip, {})[peran] = acc[0]
    lines: list[tuple[str, float]] = []
    for nip, by_role in scores.items():
        used = {r: s for r, s in by_role.items() if role_weights.get(r, 0) > 0}
        if not used:
            continue
        wsum = sum(role_weights[r] for r in used)
        f = sum(role_weights[r] * s for r, s in used.items()) / wsum
        complete = counts[nip].get("rekan", 0) >= min_rekan and (
            "atasan" in used or employees[nip].get("atasan_nip") is None
        )
        if complete:
            lines.append((nip, round(f * 20, 2)))
    lines.sort(key=lambda item: -item[1])
    return lines


def _display_name(emp: dict[str, Any]) -> str:
    name = " ".join(part for part in (emp.get("gelar_depan"), emp["nama"]) if part)
    return f"{name}, {emp['gelar_belakang']}" if emp.get("gelar_belakang") else name


def plain_nilai(
    criteria: list[dict[str, Any]],
    role_weights: dict[str, float],
    employees: dict[str, dict[str, Any]],
    ratings: list[dict[str, Any]],
) -> dict[str, float]:
    """The 360 nilai of every rated active employee, in one plain float pass."""
    codes = [c["kode"] for c in criteria]
    weights = [float(c["bobot"]) for c in criteria]
    total_w = sum(weights)
    sums = _plain_sums(codes, employees, ratings)
    weighted: dict[str, list[float]] = {}
    for (nip, peran), acc in sums.items():
        weight = role_weights.get(peran, 0)
        if weight > 0:
            s = sum(w * acc[i + 1] / acc[0] for i, w in enumerate(weights)) / total_w
            both = weighted.setdefault(nip, [0.0, 0.0])
            both[0] += weight * s
            both[1] += weight
    return {nip: round(both[0] / both[1] * 20, 2) for nip, both in weighted.items()}


def plain_official(
    employees: dict[str, dict[str, Any]],
    nilai_of: dict[str, float],
    records: list[dict[str, Any]],
    evaluasi: dict[str, Any],
    organisasi: str,
) -> tuple[list[tuple[Any, ...]], dict[str, int], list[dict[str, Any]]]:
    """What the evaluation list and the distribution check show, in one plain pass.

    Per active employee, by unit and name: the suggested perilaku, both ratings,
    the predikat from the table, and the pejabat penilai and their superior
    named as on a document; then the counts per predikat and the rules of the
    curve that do not hold.
    """
    from models.golongan import PANGKAT

    by_nip = {doc["nip"]: doc for doc in records}
    thresholds, matrix = evaluasi["ambang_perilaku"], evaluasi["matriks"]
    named: dict[str, tuple[str, ...]] = {}

    def name(emp: dict[str, Any]) -> tuple[str, ...]:
        found = named.get(emp["nip"])
        if found is None:
            nip, gol = emp["nip"], emp["golongan"]
            found = named[emp["nip"]] = (
                _display_name(emp),
                f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
                f"{PANGKAT.get(gol, '')}, {gol}",
                emp["jabatan"],
                emp["unit"],
            )
        return found

    counts = dict.fromkeys(("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"), 0)
    lines: list[tuple[Any, ...]] = []
    active = sorted(
        (e for e in employees.values() if e["aktif"]),
        key=lambda e: (e["unit"].casefold(), e["nama"].casefold(), e["nip"]),
    )
    for emp in active:
        nip = emp["nip"]
        nilai = nilai_of.get(nip)
        saran = None
        if nilai is not None:
            saran = (
                "di_atas"
                if nilai >= thresholds["di_atas"]
                else "sesuai"
                if nilai >= thresholds["sesuai"]
                else "di_bawah"
            )
        doc = by_nip.get(nip)
        hasil = doc["hasil_kerja"] if doc else None
        perilaku = doc["perilaku_kerja"] if doc else None
        predikat = matrix[hasil][perilaku] if hasil and perilaku else None
        if predikat:
            counts[predikat] += 1
        atasan = employees.get(emp["atasan_nip"] or "")
        superior = employees.get(atasan["atasan_nip"] or "") if atasan else None
        lines.append(
            (
                nip,
                emp["nama"],
                emp["unit"],
                emp["jabatan"],
                nilai,
                saran,
                hasil,
                perilaku,
                predikat,
                name(atasan) if atasan else None,
                name(superior) if superior else None,
            )
        )
    n = sum(counts.values())
    broken = []
    for rule in evaluasi["kurva"][organisasi]:
        count = sum(counts[code] for code in rule["predikat"])
        if "jumlah" in rule:
            left, right = count, rule["jumlah"]
        else:
            left, right = count * 100, rule["persen"] * n
        if not (left <= right if rule["banding"] == "<=" else left >= right):
            broken.append(rule)
    return lines, counts, broken


def seed_evaluations(db: Path) -> None:
    """Both ratings for every active employee of the current period (perilaku as suggested)."""
    from models import evaluation, evaluations
    from models.office import Office

    office = Office.open(db)
    current = office.current_period()
    assert current is not None
    kode = current["kode"]
    rows = [
        (
            number,
            {
                "periode": kode,
                "nip": line.nip,
                "hasil_kerja": evaluation.RATINGS[int(line.nip[-3:]) % 3],
                "perilaku_kerja": line.saran or "sesuai",
            },
        )
        for number, line in enumerate(office.evaluation_lines(kode), start=2)
    ]
    plan = evaluations.plan_import(
        office, rows, ("periode", "nip", "hasil_kerja", "perilaku_kerja")
    )
    assert not plan.errors, plan.errors[:3]
    office.save_evaluations(plan.rows)
    office.set_organisation(kode, "baik")


def _child_evaluation(db: str, repeats: int) -> dict[str, float]:
    """Medians of the evaluation list plus the distribution, ours and the plain pass.

    Twice: from nothing (the 360 result computed too), and after an evaluation
    is saved (the 360 result stays, as a save of hasil or perilaku leaves it).
    """
    from models.office import Office

    office = Office.open(db)
    current = office.current_period()
    assert current is not None
    kode = current["kode"]
    settings = office.settings()
    period = office.period(kode)
    employees = {e["nip"]: e for e in office.store.all("employees")}

    def nilai() -> dict[str, float]:
        return plain_nilai(
            period["kriteria"], settings["bobot_peran"], employees, office.ratings(kode)
        )

    def official(nilai_of: dict[str, float]) -> None:
        plain_official(
            employees,
            nilai_of,
            office.store.all("evaluations", shard=kode),
            office.evaluation_settings(),
            period["organisasi"],
        )

    def ours() -> float:
        office._cache.clear()
        start = time.perf_counter()
        office.evaluation_lines(kode)
        office.distribution(kode)
        return time.perf_counter() - start

    def ours_saved() -> float:
        office.results(kode)
        office._cache.pop(("evaluation_lines", kode), None)
        start = time.perf_counter()
        office.evaluation_lines(kode)
        office.distribution(kode)
        return time.perf_counter() - start

    def plain() -> float:
        start = time.perf_counter()
        official(nilai())
        return time.perf_counter() - start

    known = nilai()

    def plain_saved() -> float:
        start = time.perf_counter()
        official(known)
        return time.perf_counter() - start

    timings: dict[str, list[float]] = {"ours": [], "plain": [], "ours_saved": [], "plain_saved": []}
    for _ in range(repeats):  # in turns, like the start-ups
        for name, run in (
            ("ours", ours),
            ("plain", plain),
            ("ours_saved", ours_saved),
            ("plain_saved", plain_saved),
        ):
            timings[name].append(run())
    return {name: statistics.median(values) for name, values in timings.items()}


def bench_evaluation(db: Path, repeats: int) -> dict[str, float]:
    """The official evaluation list and distribution of L, in a fresh process (as the app)."""
    result = _run_child("evaluation", str(repeats), db)
    return {
        "evaluation_L_ms": result["ours"] * 1000,
        "evaluation_plain_ms": result["plain"] * 1000,
        "evaluation_L": result["ours"] / result["plain"],
        "evaluation_saved_L_ms": result["ours_saved"] * 1000,
        "evaluation_saved_plain_ms": result["plain_saved"] * 1000,
        "evaluation_saved_L": result["ours_saved"] / result["plain_saved"],
    }


def _child_pdf(db: str) -> dict[str, float]:
    """The whole office's evaluation documents, one page each; the time at each checkpoint."""
    from models import documents
    from models.office import Office

    office = Office.open(db)
    current = office.current_period()
    assert current is not None
    kode = current["kode"]
    nips = documents.select(office, kode)
    seen: dict[int, float] = {}
    start = time.perf_counter()

    def progress(page: int) -> None:
        seen[page] = time.perf_counter() - start

    content = documents.evaluation_pdf(office, kode, nips, progress=progress)
    total = time.perf_counter() - start
    assert len(seen) == len(nips) == max(seen), "one page per employee, every page reported"
    figures = {"pages": float(len(nips)), "seconds": total, "mb": len(content) / 1024 / 1024}
    figures["first"] = seen[1]
    for page in (*PDF_CHECKPOINTS, len(nips)):
        figures[f"at_{page}"] = seen[page]
    return figures


def bench_pdf(db: Path) -> dict[str, float]:
    """Time at 500, 1,000, 2,000 pages and at the end of one whole-office document.

    Linear time means the same time per page in the last stretch as in the
    first: ``pdf_linearity`` is the time per page from 2,000 to the end over the
    time per page up to 500 (both after the first page, which holds the setup).
    """
    result = _run_child("pdf", "evaluasi", db)
    pages = int(result["pages"])
    first = result["first"]
    figures = {"pdf_pages": result["pages"], "pdf_first_page_s": first}
    for page in PDF_CHECKPOINTS:
        figures[f"pdf_{page}_pages_s"] = result[f"at_{page}"]
    figures["pdf_all_pages_s"] = result["seconds"]
    figures["pdf_mb"] = result["mb"]
    early = (result["at_500"] - first) / 499
    late = (result[f"at_{pages}"] - result["at_2000"]) / (pages - 2000)
    figures["pdf_ms_per_page"] = (result[f"at_{pages}"] - first) / (pages - 1) * 1000
    figures["pdf_linearity"] = late / early
    return figures


def _child_ranking(db: str, repeats: int) -> dict[str, float]:
    """Medians of what the Peringkat screen asks of the office after a save, and of the
    plain pass over the same stored records, in turns, in this process.

    The screen asks for the period's results, the award candidates and the awarded
    employees; a saved rating leaves every other cached table as it was, so the
    results are dropped from the office's cache before each run, as a save does.
    """
    from models.office import Office

    office = Office.open(db)
    current = office.current_period()
    assert current is not None
    kode = current["kode"]
    settings = office.settings()
    office.employees_by_nip()

    def ours() -> float:
        office._cache.pop(("results", kode), None)
        start = time.perf_counter()
        office.results(kode)
        office.award_candidates(kode)
        office.awarded_nips(kode)
        return time.perf_counter() - start

    def plain() -> float:
        start = time.perf_counter()
        employees = {e["nip"]: e for e in office.store.all("employees")}
        plain_ranking(
            current["kriteria"],
            settings["bobot_peran"],
            settings["min_rekan"],
            employees,
            office.store.all("ratings", shard=kode),
        )
        return time.perf_counter() - start

    ours_times: list[float] = []
    plain_times: list[float] = []
    for _ in range(repeats):  # in turns, like the start-ups
        ours_times.append(ours())
        plain_times.append(plain())
    return {"ours": statistics.median(ours_times), "plain": statistics.median(plain_times)}


def bench_ranking(db: Path, repeats: int) -> dict[str, float]:
    """One period's ranking in L, timed in a fresh process holding just that office.

    As in the app, the only live data is the office's; in this benchmark's own
    process the other offices' leftovers would make every garbage collection
    pass longer, which penalises whichever computation allocates more.
    """
    result = _run_child("ranking", str(repeats), db)
    return {
        "ranking_L_ms": result["ours"] * 1000,
        "ranking_plain_ms": result["plain"] * 1000,
        "ranking_L": result["ours"] / result["plain"],
    }


def bench_memory(db: Path) -> dict[str, float]:
    bare = _run_child("memory", "bare")["mib"]
    app = _run_child("memory", "app", db)["mib"]
    return {"memory_bare_mib": bare, "memory_L_mib": app, "memory_L_mib_over_bare": app - bare}


class StallWatch:
    """The longest the event loop was busy at once while watched: the worst frame a key
    can wait behind, whether the work is the key's own or deferred after it.

    Every callback the loop runs (a task's step: a message handled, a timer, a
    paint) is timed; a busy ticker would keep Pilot from ever seeing the app idle.
    """

    def __init__(self) -> None:
        self.worst = 0.0
        self._original: Any = None

    def start(self) -> None:
        import asyncio.events

        handle = asyncio.events.Handle
        original = self._original = handle._run
        watch = self
        self.worst = 0.0

        def timed(callback: Any) -> None:
            before = time.perf_counter()
            original(callback)
            watch.worst = max(watch.worst, time.perf_counter() - before)

        handle._run = timed  # type: ignore[method-assign]

    async def stop(self) -> float:
        import asyncio.events

        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]
        return self.worst


async def timed_keys(
    pilot: Any, keys: list[str], shown: Callable[[], tuple[Any, ...]], settled: Any = None
) -> tuple[list[float], list[float]]:
    """Per key: seconds to the end of the first paint showing the state the app settled in,
    and seconds until it settled (deferred work included; ``settled`` awaits it).

    Every paint of the screen is timed and tagged with ``shown()``; Pilot's own
    wait for the app to go idle is left out of the first figure.
    """
    screen = pilot.app.screen
    paints: list[tuple[float, tuple[Any, ...]]] = []
    paint = screen._compositor_refresh

    def timed_paint() -> None:
        paint()
        paints.append((time.perf_counter(), shown()))

    screen._compositor_refresh = timed_paint
    first: list[float] = []
    done: list[float] = []
    try:
        for key in keys:
            paints.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            state = shown()
            first.append(next(t for t, seen in paints if seen == state) - start)
            if settled is not None:
                await settled()
            done.append(paints[-1][0] - start if paints else first[-1])
    finally:
        del screen._compositor_refresh
    return first, done


async def first_paint_of_mode(app: Any, pilot: Any, mode: str) -> float:
    """Seconds from switching to ``mode`` to the end of the new screen's first paint."""
    from textual.screen import Screen

    refresh = Screen._compositor_refresh
    before = app.screen
    painted: list[float] = []

    def timed(screen: Any) -> None:
        refresh(screen)
        if not painted and screen is app.screen and screen is not before:
            painted.append(time.perf_counter())

    Screen._compositor_refresh = timed  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        await app.switch_mode(mode)
        await pilot.pause()
    finally:
        Screen._compositor_refresh = refresh  # type: ignore[method-assign]
    return painted[0] - start


def _filter_state(pilot: Any) -> Callable[[], tuple[Any, ...]]:
    from textual.widgets import DataTable, Input

    field = pilot.app.screen.query_one(Input)
    table = pilot.app.screen.query_one(DataTable)

    def shown() -> tuple[Any, ...]:
        return (field.value, table._update_count, table.row_count, table.cursor_row)

    return shown


FILTER_KEYS = ["a", "backspace"] * 8
"""Type a letter, erase it: the list narrows to about a third, then back to 5,000 rows."""


async def _pegawai_figures(db: Path, repeats: int) -> dict[str, float]:
    """The employee list of L: its first screen, the whole list, a filter keystroke.

    Each against plain Textual holding the same rows.  The rows beyond the first
    screenful are added once typing pauses (``REST_DELAY``): that pause is taken
    off the whole-list and settled figures, which time work, not waiting.
    """
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Input

    from models.employee import display_name
    from models.nip import format_nip
    from models.office import Office
    from tui.app import KinerjaApp

    pegawai = importlib.import_module("tui.screens.pegawai")  # loaded at start-up in real use
    office = Office.open(db)
    employees = office.employees()
    rows = [
        (format_nip(e["nip"]), display_name(e), e["jabatan"], e["golongan"], e["unit"])
        for e in employees
    ]

    class BareList(Screen[None]):
        """What plain Textual shows for a list screen: header, filter box, table, footer."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

        def compose(self) -> ComposeResult:
            yield Header()
            yield Input()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("NIP", "Nama", "Jabatan", "Gol", "Unit")
            table.add_rows(rows[: self.count])
            table.focus()

    class BareFilter(App[None]):
        """An Input over a table: a key's cost before any app logic (the reference)."""

        def compose(self) -> ComposeResult:
            yield Input()
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("NIP", "Nama", "Jabatan", "Gol", "Unit")
            table.add_rows(rows[:60])

    async def bare(count: int) -> float:
        """Switching to a new plain list screen holding ``count`` rows, to its first paint."""
        app = App[None]()
        app.add_mode("list", lambda: BareList(count))
        async with app.run_test(size=(80, 24)) as pilot:
            return await first_paint_of_mode(app, pilot, "list")

    def all_rows(screen: Any) -> Callable[[], Any]:
        async def wait() -> None:
            while screen._loaded < len(screen.shown):
                await pilot.pause()

        return wait

    bare_first: list[float] = []
    bare_full: list[float] = []
    first_times: list[float] = []
    full_times: list[float] = []
    filter_first: list[float] = []
    filter_settled: list[float] = []
    worst: list[float] = []
    for _ in range(repeats):
        bare_first.append(await bare(pegawai.FIRST_ROWS))
        bare_full.append(await bare(len(rows)))
        app = KinerjaApp(office, start="bantuan")
        async with app.run_test(size=(80, 24)) as pilot:
            # The menu keys themselves cost Pilot time the bare table does not pay:
            # time the switch to the (already imported) screen until it is painted.
            start = time.perf_counter()
            first_times.append(await first_paint_of_mode(app, pilot, "pegawai"))
            await all_rows(app.screen)()
            await pilot.pause()
            full_times.append(time.perf_counter() - start - pegawai.REST_DELAY)
            await pilot.press("slash")
            await pilot.pause()
            watch = StallWatch()
            watch.start()
            first, settled = await timed_keys(
                pilot, FILTER_KEYS, _filter_state(pilot), all_rows(app.screen)
            )
            worst.append(await watch.stop())
            filter_first.extend(first)
            filter_settled.extend(t - pegawai.REST_DELAY for t in settled)
    bare_key_times: list[float] = []
    for _ in range(repeats):
        bare_filter = BareFilter()
        async with bare_filter.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bare_key_times.extend((await timed_keys(pilot, FILTER_KEYS, _filter_state(pilot)))[0])
    ms = 1000
    figures = {
        "pegawai_first_screen_bare_ms": statistics.median(bare_first) * ms,
        "pegawai_first_screen_L_ms": statistics.median(first_times) * ms,
        "pegawai_full_list_bare_ms": statistics.median(bare_full) * ms,
        "pegawai_full_list_L_ms": statistics.median(full_times) * ms,
        "filter_key_ms": statistics.median(filter_first) * ms,
        "filter_key_max_ms": max(filter_first) * ms,
        "filter_settled_ms": statistics.median(filter_settled) * ms,
        "filter_worst_frame_ms": max(worst) * ms,
        "bare_key_ms": statistics.median(bare_key_times) * ms,
    }
    figures["pegawai_first_screen_L"] = (
        figures["pegawai_first_screen_L_ms"] / figures["pegawai_first_screen_bare_ms"]
    )
    figures["pegawai_full_list_L"] = (
        figures["pegawai_full_list_L_ms"] / figures["pegawai_full_list_bare_ms"]
    )
    return figures


def _child_import(kind: str, source: Path, extra: list[str]) -> dict[str, float]:
    """Import ``source`` into a fresh office; seconds in all and with the write lock held.

    A ratings file is imported into an office that already holds its
    employees (``extra``: their file), with an open period.  The lock time
    runs from asking for the lock to the end of the commit, outermost
    transaction only.
    """
    import contextlib
    from collections.abc import Iterator

    from models import transfer
    from models.office import Office

    folder = Path(tempfile.mkdtemp(prefix="kinerja-import-"))
    office = Office.init(folder / "kinerja.json")
    if kind == "ratings":
        office.create_period("2026-S1", "semester", "01-01-2026")
        office.set_period_status("2026-S1", "terbuka")
        assert transfer.import_employees(office, Path(extra[0])).ok
    held: list[float] = []
    depth = [0]
    real = office.store.transaction

    @contextlib.contextmanager
    def timed() -> Iterator[Any]:
        depth[0] += 1
        start = time.perf_counter()
        try:
            with real() as txn:
                yield txn
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                held.append(time.perf_counter() - start)

    office.store.transaction = timed  # type: ignore[method-assign]
    importer = transfer.import_employees if kind == "employees" else transfer.import_ratings
    start = time.perf_counter()
    report = importer(office, source)
    seconds = time.perf_counter() - start
    assert report.ok, report.lines()[:3]
    return {"seconds": seconds, "lock": sum(held)}


def bench_import(folder: Path, repeats: int) -> dict[str, float]:
    """Imports of growing files: time must grow linearly, the lock only cover the commit.

    Each import runs in a fresh process on a fresh office; the sizes are
    taken in turns and the median of ``repeats`` runs is kept.
    """
    from tests.import_data import write_employees, write_ratings

    files: dict[tuple[str, int], tuple[Path, list[str]]] = {}
    small_staff, large_staff = IMPORT_SIZES["employees"]
    for count in IMPORT_SIZES["employees"]:
        files["employees", count] = (write_employees(folder / f"pegawai-{count}.csv", count), [])
    for count, staff in zip(IMPORT_SIZES["ratings"], (small_staff, large_staff), strict=True):
        path = write_ratings(folder / f"penilaian-{count}.csv", staff, "2026-S1", count)
        files["ratings", count] = (path, [str(files["employees", staff][0])])
    times: dict[tuple[str, int], list[float]] = {key: [] for key in files}
    locks: dict[tuple[str, int], list[float]] = {key: [] for key in files}
    for _ in range(repeats):
        for (kind, count), (path, extra) in files.items():
            result = _run_child("import", kind, path, *extra)
            times[kind, count].append(result["seconds"])
            locks[kind, count].append(result["lock"])
    figures: dict[str, float] = {}
    for (kind, count), values in times.items():
        name = f"import_{kind}_{count // 1000}k"
        figures[f"{name}_s"] = statistics.median(values)
        figures[f"{name}_lock_s"] = statistics.median(locks[kind, count])
    for kind, (small, large) in IMPORT_SIZES.items():
        figures[f"import_{kind}_{large // 1000}k_over_{small // 1000}k"] = (
            figures[f"import_{kind}_{large // 1000}k_s"]
            / figures[f"import_{kind}_{small // 1000}k_s"]
        )
    return figures


def _child_workbook(path: Path) -> dict[str, float]:
    """Seconds and peak memory to refuse a workbook with more rows than an import takes."""
    import contextlib

    from models.errors import KinerjaError
    from models.tabular import read_sheet

    start = time.perf_counter()
    with contextlib.suppress(KinerjaError):
        read_sheet(path)
    return {"seconds": time.perf_counter() - start, "mib": _peak_rss_mib()}


def bench_workbook(folder: Path, rows: int = 300_000) -> dict[str, float]:
    """A 300,000-row XLSX (about 8 MB): refused while streaming, in bounded memory."""
    import xlsxwriter

    from tests.import_data import nip

    path = folder / "besar.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["nip", "nama", "jenis_asn", "golongan", "jabatan"])
    for row in range(1, rows + 1):
        sheet.write_row(row, 0, [nip(row), f"Pegawai {row}", "PNS", "III/a", "Staf"])
    workbook.close()
    result = _run_child("workbook", "refuse", path)
    return {
        "workbook_300k_mb": path.stat().st_size / 1024 / 1024,
        "workbook_300k_refused_s": result["seconds"],
        "workbook_300k_peak_mib": result["mib"],
    }


def bench_pegawai(db: Path, repeats: int) -> dict[str, float]:
    """The employee list figures, in a fresh process holding only the L office (as the app)."""
    return _run_child("pegawai", str(repeats), db)


# --------------------------------------------------------------------------- main


def generate(folder: Path, sizes: tuple[str, ...]) -> dict[str, Path]:
    from models import demo

    dbs: dict[str, Path] = {}
    for size in sizes:
        path = folder / f"office-{size}.json"
        demo.write_office(demo.generate_office(size, year=2026, seed=2026), path)
        dbs[size] = path
    return dbs


def bench_bytes_per_key(db: Path, folder: Path) -> dict[str, Any]:
    from tests import bench_terminal

    return bench_terminal.bench_bytes_per_key(db, folder)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        child_main(argv[1:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument(
        "--repeats", type=int, default=24, help="runs per start-up and ranking figure"
    )
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="start-up of S and M only")
    parser.add_argument(
        "--only-import", action="store_true", help="only the import and workbook figures"
    )
    parser.add_argument(
        "--only-list", action="store_true", help="only the employee list figures of L"
    )
    parser.add_argument(
        "--only-terminal",
        action="store_true",
        help="only the bytes per key in a pseudo-terminal (generates L alone)",
    )
    parser.add_argument(
        "--only-evaluation",
        action="store_true",
        help="only the official evaluation and PDF figures (generates L alone)",
    )
    args = parser.parse_args(argv)
    sizes = ("S", "M") if args.quick else SIZES
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        if args.only_list:
            dbs = generate(Path(tmp), ("L",))
            figures.update(bench_pegawai(dbs["L"], max(1, args.repeats // 3)))
        elif args.only_terminal:
            dbs = generate(Path(tmp), ("L",))
            figures.update(bench_bytes_per_key(dbs["L"], Path(tmp)))
        elif args.only_evaluation:
            dbs = generate(Path(tmp), ("L",))
            seed_evaluations(dbs["L"])
            figures.update(bench_evaluation(dbs["L"], args.repeats))
            figures.update(bench_pdf(dbs["L"]))
        elif not args.only_import:
            t0 = time.perf_counter()
            dbs = generate(Path(tmp), sizes)
            figures["generate_s"] = time.perf_counter() - t0
            figures.update(bench_startup(dbs, args.repeats))
            if "L" in dbs:
                figures.update(bench_save(dbs, args.saves))
                figures.update(bench_ranking(dbs["L"], args.repeats))
                figures.update(bench_memory(dbs["L"]))
                figures.update(bench_pegawai(dbs["L"], max(1, args.repeats // 3)))
                figures.update(bench_bytes_per_key(dbs["L"], Path(tmp)))
                seed_evaluations(dbs["L"])
                figures.update(bench_evaluation(dbs["L"], args.repeats))
                figures.update(bench_pdf(dbs["L"]))
        if not (args.quick or args.only_evaluation or args.only_terminal or args.only_list):
            figures.update(bench_import(Path(tmp), max(1, args.repeats // 8)))
            figures.update(bench_workbook(Path(tmp)))
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    print(f"cores this run may use: {cores or 'all'}")
    print(f"{'figure':<28}{'value':>12}  budget")
    for name, value in figures.items():
        budget = BUDGETS.get(name)
        verdict = ""
        if budget is not None:
            verdict = f"<= {budget:g}  {'ok' if value <= budget else 'MISSED'}"
        print(f"{name:<28}{value:>12.3f}  {verdict}")
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
