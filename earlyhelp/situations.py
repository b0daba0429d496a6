"""situations.yaml: what officers meet at a door, checked like services.yaml and modelled as small records.

Each situation names the services that fit (on the SOS list), the services whose numbers the officer rings,
and the national lines a family can ring themselves. Nothing here holds a number of its own except those lines,
each with its source."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .load import load
from .model import Contact, Directory, Service
from .problems import Problem
from .schema_errors import Context, closest, dotted, schema_problems
from .schemas import situations_schema
from .sos import phones_for

FILE = "situations.yaml"


@dataclass(frozen=True)
class Line:
    id: str
    who: str
    phone: Contact  # label is the line's name


@dataclass(frozen=True)
class Situation:
    id: str
    title: str
    words: tuple[str, ...]
    do_now: str
    officer: tuple[Service, ...]
    family: str
    family_lines: tuple[Line, ...]
    services: tuple[Service, ...]


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
                if sid not in directory.by_id:
                    yield ctx.problem(["situations", i, field, n], f"'{sid}' is not the id of a service in "
                                      f"services.yaml{closest(sid, directory.by_id)}", "the id of a service in services.yaml")
                elif sid not in listed:  # the page describes every service it names, once
                    yield ctx.problem(["situations", i, field, n], f"'{sid}' is not on the SOS list",
                                      f"a service with 'sos: true' in services.yaml (set it on '{sid}', or leave it out)")
                elif field == "officer" and not phones_for(directory.by_id[sid], directory):
                    yield ctx.problem(["situations", i, field, n], f"'{sid}' has no phone number to show",
                                      "a service with a phone contact, or one reached through such a service")


def _build(data, directory: Directory) -> tuple[Situation, ...]:
    lines = {entry["id"]: Line(entry["id"], entry.get("who", ""),
                               Contact(entry["name"], "phone", entry["phone"], entry.get("hours", ""), entry["source"],
                                       entry.get("to_confirm", False), for_families=True))
             for entry in data.get("lines") or []}
    services = lambda ids: tuple(directory.by_id[i] for i in ids)  # noqa: E731
    return tuple(Situation(s["id"], s["title"], tuple(s["words"]), s["do_now"], services(s["officer"]), s["family"],
                           tuple(lines[i] for i in s.get("family_lines", [])), services(s["services"]))
                 for s in data["situations"])
