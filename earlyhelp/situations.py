"""situations.yaml: what officers meet at a door, checked like services.yaml and modelled as small records.

Each situation names the services that fit (on the SOS list), the services whose numbers the officer rings,
and the national lines a family can ring themselves. Nothing here holds a number of its own except those lines,
each with its source."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import numbers
from .load import load
from .model import Contact, Directory, Service
from .problems import Problem
from .schema_errors import Context, closest, dotted, schema_problems
from .schemas import situations_schema

FILE = "situations.yaml"


@dataclass(frozen=True)
class Line:
    id: str
    who: str
    phone: Contact  # label is the line's name
    note: str = ""  # e.g. Free

    @property
    def pair(self) -> tuple[str, Contact]:
        """(whose, number), as numbers.ranked takes them."""
        return (f"{self.phone.label} ({self.note.lower()})" if self.note else self.phone.label), self.phone


@dataclass(frozen=True)
class Situation:
    id: str
    title: str
    words: tuple[str, ...]
    do_now: str
    officer_ids: tuple[str, ...]  # services and lines, as written
    officer: tuple[tuple[str, Contact], ...]  # (whose, number): every number of the route, for numbers.route
    officer_lines: tuple[Line, ...]
    family: str
    family_lines: tuple[Line, ...]
    services: tuple[Service, ...]
    text_offered: bool = True  # False: no "text the family" link (it could put someone at risk)
    text_title: str = ""  # a neutral first line for the text, instead of the title
    text_warning: str = ""  # what the officer checks before sending
    national: str = ""  # the national duty behind it, with its document


def path_beside(services: Path | str) -> Path:
    """situations.yaml sits next to the services file it refers to."""
    return Path(services).with_name(FILE)


def check(path: Path, directory: Directory | None) -> tuple[tuple[Situation, ...], list[Problem]]:
    """(situations, []) or ((), every problem). Ids are checked against the services when these are right."""
    loaded = load(path)
    if loaded.problems:
        return (), list(loaded.problems)
    ctx = Context(loaded, _label, "'lines:' and 'situations:'")
    found = list(schema_problems(ctx, situations_schema()))
    if not found:
        found = list(_cross_checks(ctx, loaded.data, directory))
    if found or directory is None:
        return (), found
    return _build(loaded.data, directory), []


def _label(data, path) -> str:
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(data, dict):
        items = data.get(path[0]) or []
        entry = items[path[1]] if path[1] < len(items) else None
        owner = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else dotted(path[:2])
        rest = dotted(path[2:])
        return f"{owner} → {rest}" if rest else owner
    return dotted(path)


def _cross_checks(ctx, data, directory) -> Iterator[Problem]:
    lines = data.get("lines") or []
    for kind, items in (("lines", lines), ("situations", data["situations"])):
        first = {}
        for i, item in enumerate(items):
            if item["id"] in first:
                yield ctx.problem([kind, i, "id"], f"the id '{item['id']}' is already used (line {first[item['id']]})",
                                  "a different id for each")
            first.setdefault(item["id"], ctx.loaded.where([kind, i, "id"])[0])
    line_ids = {line["id"] for line in lines}
    if directory is not None:
        for i, line in enumerate(lines):
            if line["id"] in directory.by_id:
                yield ctx.problem(["lines", i, "id"], f"'{line['id']}' is also the id of a service in services.yaml",
                                  "an id no service uses, e.g. '" + line["id"] + "-line'")
    listed = {s.id for s in directory.sos()} if directory else set()
    for i, situation in enumerate(data["situations"]):
        for n, lid in enumerate(situation.get("family_lines", [])):
            if lid not in line_ids:
                yield ctx.problem(["situations", i, "family_lines", n], f"'{lid}' is not a line in this file"
                                  + closest(lid, line_ids), "the id of an entry under 'lines:'")
        if directory is None:
            continue
        for field in ("officer", "services"):
            for n, sid in enumerate(situation[field]):
                where = ["situations", i, field, n]
                if field == "officer" and sid in line_ids:
                    continue
                if sid not in directory.by_id:
                    also = " or a line in this file" if field == "officer" else ""
                    yield ctx.problem(where, f"'{sid}' is not the id of a service in services.yaml{also}"
                                      f"{closest(sid, set(directory.by_id) | (line_ids if also else set()))}",
                                      "the id of a service in services.yaml" + also)
                elif sid not in listed:  # the page describes every service it names, once
                    yield ctx.problem(where, f"'{sid}' is not on the SOS list",
                                      f"a service with 'sos: true' in services.yaml (set it on '{sid}', or leave it out)")
                elif field == "officer" and not numbers.service_pairs(directory.by_id[sid], directory):
                    yield ctx.problem(where, f"'{sid}' has no phone number to show",
                                      "a service with a phone contact, or one reached through such a service")
    if directory is None:
        return
    for i, line in enumerate(lines):
        if "hours" in line and line["hours"] not in directory.schedules:
            yield ctx.problem(["lines", i, "hours"], f"'{line['hours']}' is not a schedule in services.yaml"
                              + closest(line["hours"], directory.schedules), "the id of an entry under 'schedules:'")
    known = set(directory.by_id) | line_ids
    if any(sid not in known for x in data["situations"] for sid in x["officer"]):
        return  # reported above
    built = _lines(lines, directory)
    for i, situation in enumerate(data["situations"]):
        gap = numbers.unanswered(_officer(situation["officer"], built, directory), directory)
        if gap:
            yield ctx.problem(["situations", i, "officer"], f"nobody answers these numbers {gap}",
                              "numbers that between them answer at every hour, e.g. add emergency-duty-team "
                              "beside icrt (numbers still to be confirmed do not count)")


def _lines(entries: list[dict], directory: Directory) -> dict[str, Line]:
    return {e["id"]: Line(e["id"], e.get("who", ""),
                          Contact(e["name"], "phone", e["phone"], directory.schedules.get(e.get("hours", "")),
                                  e["source"], e.get("to_confirm", False), for_families=True), e.get("note", ""))
            for e in entries}


def _officer(ids, lines: dict[str, Line], directory: Directory) -> tuple[tuple[str, Contact], ...]:
    pairs = []
    for sid in ids:
        if sid in lines:
            pairs.append((lines[sid].phone.label, lines[sid].phone))
        else:
            pairs += numbers.service_pairs(directory.by_id[sid], directory, confirmed_first_only=True)
    return tuple(pairs)


def _build(data, directory: Directory) -> tuple[Situation, ...]:
    lines = _lines(data.get("lines") or [], directory)
    services = lambda ids: tuple(directory.by_id[i] for i in ids)  # noqa: E731
    return tuple(Situation(s["id"], s["title"], tuple(s["words"]), s["do_now"], tuple(s["officer"]),
                           _officer(s["officer"], lines, directory),
                           tuple(lines[i] for i in s["officer"] if i in lines), s["family"],
                           tuple(lines[i] for i in s.get("family_lines", [])), services(s["services"]),
                           s.get("text", {}).get("offer", True), s.get("text", {}).get("title", ""),
                           s.get("text", {}).get("warning", ""), s.get("national", ""))
                 for s in data["situations"])

