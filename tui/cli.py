"""The ``kinerja`` command: the TUI by default, plus subcommands that need no terminal UI.

Every failure a clerk can cause ends in one translated line on stderr and a
non-zero exit status, never a traceback.  Textual is imported only when the
TUI is actually started, so subcommands start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from models.errors import KinerjaError, ValidationError
from models.i18n import add_catalog_dir, resolve_language, set_language, t
from models.office import Office, default_db_path
from models.outfile import ExistsError
from models.period import PERIOD_KINDS
from models.text import printable
from tui.argparse_text import folded, in_language

add_catalog_dir(Path(__file__).with_name("locale"))

EXPORTS = (
    "employees",
    "ratings",
    "ranking",
    "jp",
    "evaluasi",
    "distribusi",
    "pengaturan-evaluasi",
)
"""``transfer.EXPORTS``, spelled out so that starting the TUI does not load the transfers."""
IMPORTS = ("employees", "ratings", "evaluasi", "pengaturan-evaluasi")
DOCUMENTS = ("evaluasi", "penetapan", "kartu")
"""``documents.DOCUMENTS``, likewise."""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class CliError(Exception):
    """A one-line message for stderr."""


class _Parser(argparse.ArgumentParser):
    def add_argument(self, *names: Any, **kwargs: Any) -> argparse.Action:
        """Choices are read in any case: ``--jenis Semester`` is ``semester``."""
        choices = kwargs.get("choices")
        if choices is not None and "type" not in kwargs:
            kwargs["type"] = folded(choices)
        return super().add_argument(*names, **kwargs)

    def error(self, message: str) -> NoReturn:
        print(f"kinerja: {message} ({t('cli.see_help')})", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kinerja", description=t("cli.description"))
    parser.add_argument("--db", metavar="PATH", help=t("cli.help.db"))
    parser.add_argument("--lang", choices=("id", "en"), help=t("cli.help.lang"))
    parser.add_argument("--demo", action="store_true", help=t("cli.help.demo"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    init = sub.add_parser("init", help=t("cli.help.init"))
    init.add_argument("path", metavar="PATH", help=t("cli.help.init_path"))

    demo = sub.add_parser("demo", help=t("cli.help.demo_cmd"))
    demo.add_argument("--size", choices=("S", "M", "L"), default="S", help=t("cli.help.size"))
    demo.add_argument("--out", metavar="PATH", required=True, help=t("cli.help.demo_out"))
    demo.add_argument(
        "--year", type=int, metavar=t("cli.metavar.year"), help=t("cli.help.demo_year")
    )
    demo.add_argument(
        "--seed", type=int, default=2026, metavar=t("cli.metavar.number"), help=t("cli.help.seed")
    )

    imp = sub.add_parser("import", help=t("cli.help.import"))
    imp.add_argument(
        "what",
        choices=IMPORTS,
        metavar="DATA",
        help=t("cli.help.import_what"),
    )
    imp.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.help.import_file"))
    imp.add_argument("--encoding", metavar="ENC", help=t("cli.help.encoding"))

    per = sub.add_parser("period", help=t("cli.help.period"))
    per_sub = per.add_subparsers(dest="action", required=True, parser_class=_Parser)
    create = per_sub.add_parser("create", help=t("cli.help.period_create"))
    create.add_argument("kode", metavar="ID", help=t("cli.help.period_id"))
    create.add_argument("--jenis", required=True, choices=PERIOD_KINDS, help=t("cli.help.jenis"))
    create.add_argument(
        "--mulai", required=True, metavar=t("dates.placeholder"), help=t("cli.help.mulai")
    )
    create.add_argument(
        "--nama", default=None, metavar=t("cli.metavar.name"), help=t("cli.help.period_nama")
    )
    opening = per_sub.add_parser("open", help=t("cli.help.period_open"))
    opening.add_argument("kode", metavar="ID", help=t("cli.help.period_id"))
    closing = per_sub.add_parser("close", help=t("cli.help.period_close"))
    closing.add_argument("kode", metavar="ID", help=t("cli.help.period_id"))
    closing.add_argument("--yes", action="store_true", help=t("cli.help.close_yes"))
    reopen = per_sub.add_parser("reopen", help=t("cli.help.period_reopen"))
    reopen.add_argument("kode", metavar="ID", help=t("cli.help.period_id"))
    reopen.add_argument("--yes", action="store_true", help=t("cli.help.reopen_yes"))
    per_sub.add_parser("list", help=t("cli.help.period_list"))
    org = per_sub.add_parser("org", help=t("cli.help.org"))
    org.add_argument("kode", metavar="ID", help=t("cli.help.period_id"))
    org.add_argument(
        "--predikat",
        required=True,
        metavar="istimewa|baik|butuh-perbaikan|kurang|sangat-kurang",
        help=t("cli.help.predikat"),
    )

    exp = sub.add_parser("export", help=t("cli.help.export"))
    exp.add_argument("what", choices=EXPORTS, metavar="DATA", help=t("cli.help.export_what"))
    exp.add_argument("--period", metavar="ID", help=t("cli.help.export_period"))
    exp.add_argument(
        "--year", type=int, metavar=t("cli.metavar.year"), help=t("cli.help.export_year")
    )
    exp.add_argument(
        "--format",
        choices=("csv", "csv-excel", "json", "xlsx"),
        default=None,
        help=t("cli.help.format"),
    )
    exp.add_argument("--out", metavar="PATH", help=t("cli.help.export_out"))
    exp.add_argument("--force", action="store_true", help=t("cli.help.force"))

    rep = sub.add_parser("report", help=t("cli.help.report"))
    rep.add_argument("what", choices=DOCUMENTS)
    rep.add_argument("--period", metavar="ID", required=True)
    who = rep.add_mutually_exclusive_group()
    who.add_argument("--nip", metavar="NIP")
    who.add_argument("--unit", metavar="UNIT")
    who.add_argument("--all", action="store_true", help=t("cli.help.report_all"))
    rep.add_argument("--out", metavar="FILE.pdf", required=True)
    rep.add_argument("--force", action="store_true", help=t("cli.help.force"))

    sub.add_parser("check", help=t("cli.help.check"))

    backup = sub.add_parser("backup", help=t("cli.help.backup"))
    backup_sub = backup.add_subparsers(dest="action", required=True, parser_class=_Parser)
    backup_sub.add_parser("list", help=t("cli.help.backup_list"))
    restore = backup_sub.add_parser("restore", help=t("cli.help.backup_restore"))
    restore.add_argument("backup_id", metavar="ID", help=t("cli.help.backup_id"))
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def _busy(_waited: float) -> None:
    print(t("storage.busy"), file=sys.stderr)


def _open(args: argparse.Namespace, *, tidy: bool = True) -> Office:
    """The existing office of ``--db``; only ``kinerja init`` creates one."""
    return Office.open(_db_path(args), on_busy=_busy, tidy=tidy)


@contextlib.contextmanager
def demo_copy() -> Iterator[Path]:
    """A fresh temporary copy of the shipped demo office, removed afterwards."""
    from models import demo

    folder = Path(tempfile.mkdtemp(prefix="kinerja-demo-"))
    try:
        path = folder / "kinerja.json"
        demo.write_office(demo.load_shipped_demo(), path)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_app(office: Office, *, demo: bool) -> int:
    from tui.app import run

    return run(office, demo=demo)


def run_tui(args: argparse.Namespace) -> int:
    """Open the office (asking before creating one), check it whole, then start the TUI."""
    if args.demo:
        with demo_copy() as path:
            office = Office.open(path)
            return _run_app(office, demo=True)
    path = _db_path(args)
    if not _exists(path):
        if not _ask_to_create(path):
            raise KinerjaError("storage.missing", path=str(path))
        office = Office.init(path, on_busy=_busy)
    else:
        office = Office.open(path, on_busy=_busy)
    return _run_app(office, demo=False)


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _ask_to_create(path: Path) -> bool:
    """Ask on the terminal whether to create a new office at ``path`` (never without one)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    print(printable(t("cli.no_office_here", path=path)))
    try:
        answer = input(t("cli.create_prompt"))
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "ya", "yes")


def cmd_demo(args: argparse.Namespace) -> int:
    import datetime as dt

    from models import demo

    year = args.year or dt.date.today().year
    out = Path(args.out).expanduser()
    tables = demo.generate_office(args.size, year=year, seed=args.seed)
    demo.write_office(tables, out)
    print(printable(t("cli.demo_written", path=out, count=len(tables["employees"]))))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.path).expanduser().absolute()
    Office.init(path, on_busy=_busy)
    print(printable(t("cli.initialised", path=path)))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from models.check import check_office

    path = _db_path(args)
    findings = check_office(path)
    if findings:
        for finding in findings:
            print(printable(finding))
        return EXIT_FINDINGS
    print(printable(t("cli.check_ok", path=path)))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Backups are read and restored without opening the live office, which may be damaged."""
    from models.backup import list_backups
    from models.office_files import OfficeFiles
    from models.restore import restore_backup

    path = _db_path(args)
    if args.action == "restore":
        done = restore_backup(path, args.backup_id, on_busy=_busy)
        print(printable(t("cli.restored", id=done.backup.id, generation=done.generation)))
        if done.before:
            print(t("cli.restored_undo", id=done.before))
        else:
            print(t("cli.restored_no_undo"))
        return EXIT_OK
    files = OfficeFiles(path)
    try:
        files.refuse_unsafe()
        files.require_office()
        backups = list_backups(files)
    finally:
        files.close()
    if not backups:
        print(t("cli.no_backups"))
    for b in backups:
        taken = b.taken.strftime("%d-%m-%Y %H:%M:%S")
        if b.ok and b.manifest is not None:
            line = t(
                "cli.backup_line",
                id=b.id,
                taken=taken,
                saved_by=b.manifest.saved_by,
                records=b.records,
            )
        else:
            line = t("cli.backup_line_damaged", id=b.id, taken=taken, reason=b.problem)
        print(printable(line))
    return EXIT_OK


def cmd_period(args: argparse.Namespace) -> int:
    from models.dates import format_date_short, parse_iso
    from models.labels import period_kind_label, period_status_label

    office = _open(args)
    if args.action == "list":
        for p in office.periods():
            start = format_date_short(parse_iso(p["tanggal_mulai"]))
            end = format_date_short(parse_iso(p["tanggal_selesai"]))
            status = period_status_label(p["status"])
            kind = period_kind_label(p["jenis"])
            fields = (p["kode"], p["nama"], kind, f"{start} – {end}", status)
            print("\t".join(printable(str(value)) for value in fields))
        return EXIT_OK
    if args.action == "create":
        created = office.create_period(args.kode, args.jenis, args.mulai, nama=args.nama)
        print(printable(t("cli.period_created", kode=created["kode"], nama=created["nama"])))
        return EXIT_OK
    if args.action == "org":
        from models.labels import organisation_label

        saved = office.set_organisation(args.kode, args.predikat)
        label = organisation_label(saved["organisasi"])
        print(printable(t("cli.org_set", kode=saved["kode"], predikat=label)))
        return EXIT_OK
    status = {"open": "terbuka", "close": "ditutup", "reopen": "terbuka"}[args.action]
    if args.action == "reopen" and not args.yes:
        raise CliError(t("cli.reopen_needs_yes", kode=args.kode))
    try:
        saved = office.set_period_status(
            args.kode,
            status,
            confirm=args.action == "reopen",
            close_incomplete=args.action == "close" and args.yes,
        )
    except ValidationError as err:
        if err.key != "office.close_incomplete":
            raise
        raise CliError(t("cli.close_needs_yes", message=str(err), kode=args.kode)) from None
    print(t("cli.period_status", kode=saved["kode"], status=period_status_label(saved["status"])))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from models import transfer

    office = _open(args)
    path = Path(args.file).expanduser()
    if args.what == "pengaturan-evaluasi":
        done = transfer.import_evaluation_settings(office, path, encoding=args.encoding)
        for line in done.lines():
            print(line)
        return EXIT_OK if done.ok else EXIT_FINDINGS
    importer = {
        "employees": transfer.import_employees,
        "ratings": transfer.import_ratings,
        "evaluasi": transfer.import_evaluations,
    }[args.what]
    report = importer(office, path, encoding=args.encoding)
    for line in report.lines():
        print(printable(line))
    return EXIT_OK if report.ok else EXIT_FINDINGS


def cmd_export(args: argparse.Namespace) -> int:
    from models import transfer

    office = _open(args, tidy=False)
    try:
        out = transfer.export(
            office,
            args.what,
            fmt=args.format or ("json" if args.what in transfer.JSON_ONLY else "csv"),
            out=args.out,
            periode=args.period,
            year=args.year,
            force=args.force,
        )
    except ExistsError as err:
        raise CliError(t("cli.use_force", message=str(err))) from None
    if out is not None:
        print(printable(t("cli.exported", path=out)), file=sys.stderr)
    return EXIT_OK


class _PageCounter:
    """Counts the pages of a document; on a terminal, shows the count in place on stderr."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.pages = 0
        self.shown = sys.stderr.isatty()

    def __call__(self, page: int) -> None:
        self.pages = page
        if self.shown:
            text = (
                t("cli.page_of", page=page, total=self.total)
                if self.total
                else t("cli.page", page=page)
            )
            sys.stderr.write(f"\r{text}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown and self.pages:
            sys.stderr.write("\n")
            sys.stderr.flush()


def cmd_report(args: argparse.Namespace) -> int:
    """A PDF document of a period; the target is checked before the document is made."""
    from models import documents
    from models.outfile import check_target, write_file

    if Path(args.out).suffix.lower() != ".pdf":
        raise CliError(t("cli.report_pdf_only", path=args.out))
    chosen = args.nip is not None or args.unit is not None or args.all
    if args.what == "penetapan" and chosen:
        raise CliError(t("cli.report_whole_office"))
    if args.what != "penetapan" and not chosen:
        raise CliError(t("cli.report_needs_who", what=args.what))
    office = _open(args, tidy=False)
    try:
        check_target(args.out, force=args.force)
        nips: list[str] = []
        if args.what != "penetapan":
            nips = documents.select(office, args.period, nip=args.nip, unit=args.unit)
        counter = _PageCounter(len(nips) or None)
        try:
            content = documents.make(office, args.what, args.period, nips, progress=counter)
        finally:
            counter.done()
        out = write_file(args.out, content, force=args.force)
    except ExistsError as err:
        raise CliError(t("cli.use_force", message=str(err))) from None
    print(printable(t("cli.report_written", path=out, pages=counter.pages)), file=sys.stderr)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "demo": cmd_demo,
    "check": cmd_check,
    "backup": cmd_backup,
    "period": cmd_period,
    "import": cmd_import,
    "export": cmd_export,
    "report": cmd_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = resolve_language(_peek_lang(argv))
    set_language(lang)
    with in_language():
        args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return run_tui(args)
        return COMMANDS[args.command](args)
    except (KinerjaError, CliError) as exc:
        print(printable(f"kinerja: {exc}"), file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(printable(f"kinerja: {t('cli.os_error', error=exc)}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _peek_lang(argv: Sequence[str]) -> str | None:
    """``--lang`` is needed before argparse runs so its own messages are translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
