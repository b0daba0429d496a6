"""Command line: `python -m earlyhelp check [FILE]` lists every problem in services.yaml, then exits 1."""
from __future__ import annotations

import argparse
import datetime as dt
from .load import load
from .model import build
from .validate import problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m earlyhelp", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check services.yaml and list every problem")
    check.add_argument("file", nargs="?", default="services.yaml")
    check.add_argument("--today", type=dt.date.fromisoformat, default=None,
                       help="date to check review dates against (YYYY-MM-DD); default today")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' also prints annotations that GitHub shows on the offending line")
    args = parser.parse_args(argv)

    loaded = load(args.file)
    found = sorted(problems(loaded, args.today))
    for problem in found:
        print(problem)
        if args.format == "github":
            print(f"::error file={problem.file},line={problem.line},col={problem.column}::"
                  f"{problem.detail}")
    if found:
        print(f"{len(found)} problem{'s' if len(found) != 1 else ''} found in {args.file}.")
        return 1
    directory = build(loaded.data, args.today)
    print(f"{args.file}: {len(directory.services)} services, no problems.")
    return 0
