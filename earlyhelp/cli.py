"""Command line. `python -m earlyhelp check [FILE]` lists every problem in services.yaml and the pathway files,
then exits 1. `generate` and `finish SITE` are a build's two steps, for a site generator that runs no hooks."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .github import escape_data, workflow_command
from .health import health, overdue_warnings
from .guidance import open_questions
from .settings import Settings
from .problems import InvalidData
from .read import check as read_and_check
from .read import read


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
    step1 = commands.add_parser("generate", help="step 1 of a build: write generated/ (pages, banner, exports)")
    step1.add_argument("--project", type=Path, default=Path("."), help="the folder holding mkdocs.yml")
    step2 = commands.add_parser("finish", help="step 2 of a build: policies, search entries and offline worker")
    step2.add_argument("site", type=Path, help="the folder the site generator wrote")
    step2.add_argument("--project", type=Path, default=Path("."), help="the folder holding mkdocs.yml")
    args = parser.parse_args(argv)
    if args.command in ("generate", "finish"):  # imported here: the check command starts faster without them
        from .generate import Project
        project = Project(args.project.resolve())
        return run_generate(project) if args.command == "generate" else run_finish(args.site, project)

    content, found = read_and_check(args.file, args.pathways, args.docs, args.today)
    github = args.format == "github"
    for problem in found:
        # On GitHub every output line is read for commands: one that holds data must not be able to start one.
        print(escape_data(problem) if github else problem)
        if github:
            print(workflow_command("error", problem.detail, file=problem.file, line=problem.line, col=problem.column))
    if found:
        print(f"{len(found)} problem{'s' if len(found) != 1 else ''} found.")
        return 1
    directory = content.directory
    overdue = overdue_warnings(content.loaded, directory)
    for warning in overdue:
        text = f"{warning.file}:{warning.line}:{warning.column}: warning: {warning.detail}"
        print(escape_data(text) if github else text)
        if github:
            print(workflow_command("warning", warning.detail, file=warning.file, line=warning.line,
                                   col=warning.column))
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


def run_generate(project) -> int:
    from .generate import generate
    try:
        content = read(project.services, project.pathways, project.docs)
    except InvalidData as error:  # nothing is written: the last good generated/ stays as it was
        print(f"{error}\nFix the file named on each line, then build again.")
        return 1
    try:
        counts = generate(content, project, Settings.from_file(project.root / "mkdocs.yml"))
    except InvalidData as error:  # a generated page with a broken link, say
        print(f"{error}\nFix the template or data named on each line, then build again.")
        return 1
    print(f"{project.out}: {counts['docs']} page and data files, {counts['overrides']} theme files.")
    return 0


def run_finish(site: Path, project) -> int:
    from .finish import NotGenerated, finish
    try:
        finish(site, project)
    except NotGenerated as error:
        print(error)
        return 1
    print(f"{site}: policies, search entries and offline worker written.")
    return 0
