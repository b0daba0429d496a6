"""Command line: `python -m earlyhelp check [FILE]` lists every problem in services.yaml and the pathway
files, then exits 1."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .health import health, overdue_warnings
from .pages import open_questions
from .settings import Settings
from .read import check as read_and_check


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m earlyhelp", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check services.yaml and list every problem")
    check.add_argument("file", nargs="?", default="services.yaml")
    check.add_argument("--today", type=dt.date.fromisoformat, default=None,
                       help="date to check review dates against (YYYY-MM-DD); default EARLYHELP_TODAY, else today")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' also prints annotations that GitHub shows on the offending line")
    check.add_argument("--fail-on-overdue", action="store_true",
                       help="exit 1 if any review is more than 12 months old (otherwise only a warning)")
    check.add_argument("--pathways", type=Path, default=Path("pathways"),
                       help="folder of pathway files to check too, against the services (default: pathways)")
    check.add_argument("--docs", type=Path, default=Path("docs"), help="the guidance pages pathways may name")
    args = parser.parse_args(argv)

    content, found = read_and_check(args.file, args.pathways, args.docs, args.today)
    for problem in found:
        print(problem)
        if args.format == "github":
            print(f"::error file={problem.file},line={problem.line},col={problem.column}::"
                  f"{problem.detail}")
    if found:
        print(f"{len(found)} problem{'s' if len(found) != 1 else ''} found.")
        return 1
    directory = content.directory
    overdue = overdue_warnings(content.loaded, directory)
    for warning in overdue:
        print(f"{warning.file}:{warning.line}:{warning.column}: warning: {warning.detail}")
        if args.format == "github":
            print(f"::warning file={warning.file},line={warning.line},col={warning.column}::{warning.detail}")
    print(f"{args.file}: {len(directory.services)} services, no problems.")
    print(confirmation_summary(content, args))
    if overdue:
        print(f"{len(overdue)} review{'s' if len(overdue) != 1 else ''} overdue (more than 12 months old).")
    return 1 if overdue and args.fail_on_overdue else 0


def confirmation_summary(content, args) -> str:
    """The counts the Data health page and the confirmation worklist show, so editors see them before a build."""
    config = Path(args.file).parent / "mkdocs.yml"
    settings = Settings.from_file(config) if config.is_file() else Settings()
    found = open_questions(content.directory, settings, content.pathways, args.docs if args.docs.is_dir() else None)
    state = health(content.directory)
    return (f"Confirmed by the service: {len(state.confirmed)} of {state.running} services; "
            f"{len(found)} open question{'s' if len(found) != 1 else ''} on the confirmation worklist.")
