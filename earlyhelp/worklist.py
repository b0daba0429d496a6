"""The confirmation worklist: every open question the partnership must answer before the guide can be trusted
without its "to be confirmed" marks, grouped by who can answer it. Shown on a page, written as CSV, counted by
the check command."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .health import OPTIONAL_FIELDS
from .model import Directory, Service
from .settings import PLACEHOLDER_REPOSITORY, Settings

PARTNERSHIP = "Sunderland Safeguarding Children Partnership (SSCP)"
CSV_FILE = "confirmation-worklist.csv"
# A sentence of guidance that leaves something open: "... is to be confirmed by the partnership."
_OPEN = re.compile(r"\bto be confirmed (?:by|for)\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)|\{\{[^}]*\}\}|^#+ .*$", re.MULTILINE)
_BLOCKS = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.) )")  # paragraphs and list items
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")  # not the dot inside nhs.uk or e.g.


@dataclass(frozen=True)
class Question:
    owner: str  # who can answer: a team or role
    subject: str  # the service, page or setting it is about
    url: str  # the site-relative page where readers meet it ("" for a setting)
    question: str


@dataclass(frozen=True)
class Guidance:
    url: str  # site-relative page where readers meet it
    title: str
    text: str  # Markdown, searched for sentences that leave something open
    quote: bool = True  # False for a rule: stated once, so the worklist points at it rather than repeat it


def questions(directory: Directory, settings: Settings, guidance=()) -> tuple[Question, ...]:
    found = [q for s in directory.services if s.status != "retired" for q in _service_questions(s, directory)]
    found += _levels_question(directory)
    found += _situation_questions(directory)
    found += _schedule_questions(directory)
    found += _setting_questions(settings)
    for g in guidance:
        for sentence in open_sentences(g.text)[: None if g.quote else 1]:
            question = sentence if g.quote else "Part of this rule is still open, as the rule itself says: confirm it."
            found.append(Question(_owner(sentence), g.title, g.url, question))
    return tuple(found)


def by_owner(found) -> list[tuple[str, list[Question]]]:
    groups: dict[str, list[Question]] = {}
    for q in found:
        groups.setdefault(q.owner, []).append(q)
    return sorted(groups.items(), key=lambda group: (group[0] != PARTNERSHIP, group[0].casefold()))


def csv_text(found) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["owner", "subject", "page", "question", "answer"])
    writer.writerows([q.owner, q.subject, q.url, q.question, ""] for q in found)
    return "\ufeff" + out.getvalue()  # the byte-order mark makes Excel read UTF-8 correctly


def write_csv(site_dir: Path | str, found) -> None:
    (Path(site_dir) / CSV_FILE).write_text(csv_text(found), encoding="utf-8")


def open_sentences(markdown: str) -> list[str]:
    text = _MARKUP.sub(lambda m: m.group(1) or "", markdown)
    found = []
    for block in _BLOCKS.split(text):
        block = " ".join(block.split()).lstrip("-*+ ")
        found += [sentence for sentence in _SENTENCE_END.split(block) if _OPEN.search(sentence)]
    return list(dict.fromkeys(found))


def _service_questions(s: Service, directory: Directory):
    ask = lambda question: Question(s.review_owner, s.name, s.url, question)  # noqa: E731
    if not s.confirmed:
        yield ask("Are all the details on this page right? Reply with the date and your role, and the entry "
                  "will say it was confirmed by the service.")
    for c in s.contacts:
        if c.to_confirm:
            what = {"phone": "number", "email": "email address", "url": "web address"}[c.kind]
            yield ask(f"Is {c.value} ({c.label}) the right {what} to give professionals? Our source: {c.source}.")
    if not s.contacts:
        via = directory.by_id[s.reach_via].name
        yield ask(f"How should professionals contact the service and refer to it? Until you say, the page sends "
                  f"them to {via} for advice.")
    if s.ages_from is None:
        yield ask("Which ages does the service work with?")
    if not s.areas:
        yield ask("Which parts of Sunderland does the service work in: citywide, or which areas?")
    if s.review_overdue(directory.today):
        yield ask(f"The entry was last checked on {s.last_checked.isoformat()}, more than 12 months ago: is it "
                  "still right?")
    missing = [f for f in OPTIONAL_FIELDS if not getattr(s, f)]
    if missing:
        yield ask("Which languages does the service work in, and how does it meet a child's culture, religion and "
                  "identity?" if len(missing) == len(OPTIONAL_FIELDS) else
                  "Which languages does the service work in?" if "languages" in missing else
                  "How does the service meet a child's culture, religion and identity?")


def _levels_question(directory: Directory):
    """The levels of need on every service page are the guide's suggestion: one question for the partnership,
    not one per service, since the partnership's threshold guide is what decides them."""
    if any(s.levels for s in directory.services if s.status != "retired"):
        yield Question(PARTNERSHIP, "Levels of need for each service", urls.facet_url("by-level"),
                       "Are the levels of need the guide suggests for each service right? Until the partnership "
                       "confirms them, every service page shows its levels as the guide's suggestion.")


def _situation_questions(directory: Directory):
    """What situations.yaml leaves open: its own "to be confirmed" sentences, and doubtful national lines."""
    for s in directory.situations:
        for sentence in open_sentences(f"{s.do_now}\n\n{s.family}"):
            yield Question(_owner(sentence), f"SOS situation: {s.title}", urls.sos().url, sentence)
    for line in directory.lines:
        c = line.phone
        if c.to_confirm or (c.schedule and c.schedule.disputed):
            yield Question(PARTNERSHIP, f"National line: {c.label}", urls.sos().url,
                           f"Are {c.value} and its hours ({c.hours or 'not stated'}) right? Our source: {c.source}.")


def _schedule_questions(directory: Directory):
    """Opening times whose sources disagree: the pages say "may be closed" there until someone confirms."""
    for sc in directory.schedules.values():
        if sc.disputed:
            others = "; ".join(f"{r.words} ({r.source})" for r in sc.other_readings)
            yield Question(PARTNERSHIP, f"Opening times: {sc.id}", "",
                           f"Which hours are right: {sc.words} ({sc.source}), or {others}? Until confirmed, the "
                           "guide shows the line as 'may be closed' where they differ.")


def _setting_questions(settings: Settings):
    setting = lambda name, question: Question(PARTNERSHIP, f"Site setting: {name}", "", question)  # noqa: E731
    if not settings.adopted_by:
        yield setting("extra.adopted_by", "Has the partnership adopted the guide? Until it does, every page says "
                                          "it is a draft compiled from public pages.")
    if not settings.repository or settings.repository == PLACEHOLDER_REPOSITORY:
        yield setting("extra.repository", "Where will the guide's repository live, so readers can report "
                                          "corrections and staff can edit services?")
    if not settings.site_url:
        yield setting("site_url", "What is the guide's public address? The SOS list's QR code and the links "
                                  "in shared pages need it.")


def _owner(sentence: str) -> str:
    lowered = sentence.lower()
    if "together for children" in lowered:
        return "Together for Children (TfC)"
    if "service owner" in lowered or "by the service" in lowered or "camhs services" in lowered:
        return "The service named on the page"
    return PARTNERSHIP
