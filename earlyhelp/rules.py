"""Rules written once: each file in rules/ is one rule, rendered wherever a page states it.

A rule that appears on several pages (telling parents about a referral, consent for early help) is kept in one
Markdown file, rules/ID.md, whose first line is '# Title'. Hand-written pages show it with the macro
rule("ID"); pathway outcomes list it under `rules:`. Both render it with render.rule_html, with the same safe
Markdown as service descriptions, so every page words the rule the same way. This module only reads the files
(data layer: the check imports it, and nothing here renders HTML).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import InvalidData, Problem

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    body: str  # Markdown


def ids(folder: Path = RULES_DIR) -> list[str]:
    return sorted(p.stem for p in Path(folder).glob("*.md"))


def load(rule_id: str, folder: Path = RULES_DIR) -> Rule:
    path = Path(folder) / f"{rule_id}.md"
    if not path.is_file():
        known = ", ".join(ids(folder)) or "none"
        raise ValueError(f"no rule '{rule_id}' in rules/ (known: {known})")
    found = _problem(path)
    if found:
        raise InvalidData([found])  # printed as FILE:LINE:COL like every other problem, never a traceback
    first, _, body = path.read_text(encoding="utf-8").partition("\n")
    return Rule(rule_id, first[2:].strip(), body.strip() + "\n")


_HOURS = re.compile(r"\[\[(hours|other-hours):([a-z0-9-]+)\]\]")


def with_hours(rule: Rule, schedules: dict) -> Rule:
    """Opening times are written once, in services.yaml: a rule names them as [[hours:ID]] (the published words)
    or [[other-hours:ID]] (what a disagreeing source gives), and gets the words from the schedule."""
    def words(match: re.Match) -> str:
        kind, sid = match.groups()
        if sid not in schedules:
            raise ValueError(f"rules/{rule.id}.md names opening times '{sid}', which services.yaml does not have "
                             f"(known: {', '.join(schedules) or 'none'})")
        sc = schedules[sid]
        text = sc.words if kind == "hours" else "; ".join(r.words for r in sc.other_readings)
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")  # words, not Markdown
    return Rule(rule.id, rule.title, _HOURS.sub(words, rule.body))


def problems(folder: Path | None = None) -> list[Problem]:
    """Every rule file that cannot be shown: the check lists them with the data's problems."""
    folder = Path(folder or RULES_DIR)
    return [p for p in (_problem(folder / f"{rule_id}.md") for rule_id in ids(folder)) if p]


def _problem(path: Path) -> Problem | None:
    where = f"{path.parent.name}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return Problem(where, 1, 1, "", f"the rule cannot be read ({err.__class__.__name__})", "UTF-8 text")
    first, _, body = text.partition("\n")
    if not text.strip():
        return Problem(where, 1, 1, "", "the rule file is empty", "'# Title' on the first line, then the rule")
    if not first.startswith("# ") or not first[2:].strip():
        return Problem(where, 1, 1, "", "the first line is not the rule's title", "'# ' and the title on the first "
                       "line, e.g. '# Telling parents about a referral', then the rule")
    if not body.strip():
        return Problem(where, 1, 1, "", "the rule has a title but no text", "the rule's text below the title line")
    return None


def hours_problems(schedules: dict, folder: Path | None = None) -> list[Problem]:
    """A rule naming opening times that services.yaml does not have, at its line."""
    folder = Path(folder or RULES_DIR)
    found = []
    for rule_id in ids(folder):
        path = folder / f"{rule_id}.md"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in _HOURS.finditer(line):
                if match.group(2) not in schedules:
                    found.append(Problem(f"{folder.name}/{path.name}", n, match.start() + 1, "",
                                         f"'{match.group(2)}' is not a schedule in services.yaml",
                                         "the id of an entry under 'schedules:', e.g. [[hours:icrt-hours]]"))
    return found

