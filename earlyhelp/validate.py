"""Check loaded services.yaml data against the schema and against itself.

Every function here yields Problem records and never prints or exits: the check command and the MkDocs build
decide what to do with them. Raw input is checked before any defaults are filled in.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator
from urllib.parse import urlsplit

from . import clock, numbers, urls
from .load import Loaded
from .problems import Problem
from .schema_errors import Context, closest, dotted, schema_problems
from .schemas import build_only_fields, parse_date, services_schema

ALLOWED_LINK_SCHEMES = ("https", "mailto", "tel")
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


def problems(loaded: Loaded, today: dt.date | None = None) -> Iterator[Problem]:
    """Every problem in the loaded file: syntax first, then schema, then cross-references."""
    yield from loaded.problems
    if loaded.problems:
        return
    context = Context(loaded, _service_label, "'immediate_risk:' and 'services:'")
    yield from schema_problems(context, services_schema())
    if isinstance(loaded.data, dict) and isinstance(loaded.data.get("services"), list):
        yield from _cross_checks(context, today or clock.today())


def _services(data) -> list:
    services = data.get("services") if isinstance(data, dict) else None
    return services if isinstance(services, list) else []


def _service_label(data, path) -> str:
    """'<service id> → <field>' for paths inside a service entry."""
    if len(path) >= 2 and path[0] == "services" and isinstance(path[1], int):
        services = _services(data)
        entry = services[path[1]] if path[1] < len(services) else None
        sid = entry.get("id") if isinstance(entry, dict) else None
        owner = sid if isinstance(sid, str) and sid else f"services[{path[1]}]"
        rest = dotted(path[2:])
        return f"{owner} → {rest}" if rest else owner
    return dotted(path)


def _cross_checks(ctx: Context, today: dt.date) -> Iterator[Problem]:
    services = _services(ctx.loaded.data)
    first_line = {}
    for i, entry in enumerate(services):
        if not isinstance(entry, dict):
            continue
        sid = entry.get("id")
        if isinstance(sid, str):
            for other, _ in urls.clashes([*urls.single_pages(), urls.service(sid)]):
                yield ctx.problem(["services", i, "id"], f"the id '{sid}' would publish this service's page at "
                                  f"/{other.url}, the address of the {other.title} page, and one would replace the "
                                  "other", "another id, e.g. '" + sid + "-service'")
            if sid in first_line:
                yield ctx.problem(["services", i, "id"], f"the id '{sid}' is already used (line {first_line[sid]})",
                                  "a different id for each service")
            else:
                first_line[sid] = ctx.loaded.where(["services", i, "id"])[0]
        yield from _entry_checks(ctx, i, entry, today)
    ids = set(first_line)
    for i, entry in enumerate(services):
        if isinstance(entry, dict) and isinstance(entry.get("reach_via"), str):
            target = entry["reach_via"]
            if target not in ids or target == entry.get("id"):
                yield ctx.problem(["services", i, "reach_via"], f"'{target}' is not the id of another service"
                                  + closest(target, ids), "the id of a service in this file, e.g. 'icrt'")
    schedules = yield from _schedule_checks(ctx)
    is_id = re.compile(services_schema()["$defs"]["service_id"]["pattern"]).search  # else the schema reports it
    for i, entry in enumerate(services):
        for k, contact in enumerate(entry.get("contacts") or [] if isinstance(entry, dict) else []):
            name = contact.get("hours") if isinstance(contact, dict) else None
            if isinstance(name, str) and is_id(name) and name not in schedules:
                yield ctx.problem(["services", i, "contacts", k, "hours"], f"'{name}' is not a schedule"
                                  + closest(name, schedules), "the id of an entry under 'schedules:', or no 'hours' "
                                  "when no source publishes them")
    route = ctx.loaded.data.get("immediate_risk")
    by_id = {}
    for entry in services:
        if isinstance(entry, dict):
            by_id.setdefault(entry.get("id"), entry)  # the first of duplicated ids, as reported above
    for j, sid in enumerate(route if isinstance(route, list) else []):
        if isinstance(sid, str) and sid not in ids:
            yield ctx.problem(["immediate_risk", j], f"'{sid}' is not the id of a service{closest(sid, ids)}",
                              "the id of a service in this file")
        elif isinstance(sid, str):
            phones = [c for c in by_id[sid].get("contacts") or [] if isinstance(c, dict) and c.get("phone")]
            if not phones:
                yield ctx.problem(["immediate_risk", j], f"'{sid}' has no phone number to show",
                                  "a service with a phone contact")
            elif all(c.get("to_confirm") is True for c in phones):
                # The banner on every page dials these: a doubtful number must never be the one it offers.
                yield ctx.problem(["immediate_risk", j], f"every phone number of '{sid}' is marked to_confirm",
                                  "a service with at least one confirmed phone number (no 'to_confirm: true')")


def _schedule_checks(ctx: Context):
    """Problems in 'schedules:'; returns the ids of the usable ones (for the contacts' references)."""
    entries = ctx.loaded.data.get("schedules")
    entries = entries if isinstance(entries, list) else []
    seen: dict[str, int] = {}
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("id"), str):
            continue
        if e["id"] in seen:
            yield ctx.problem(["schedules", i, "id"], f"the id '{e['id']}' is already used (line {seen[e['id']]})",
                              "a different id for each schedule")
        seen.setdefault(e["id"], ctx.loaded.where(["schedules", i, "id"])[0])
        given = [key for key in ("open", "always", "when_closed") if key in e]
        if len(given) != 1:
            yield ctx.problem(["schedules", i], f"{e['id']} gives " + (" and ".join(given) or "no times"),
                              "exactly one of 'open' (days and times), 'always: true' or 'when_closed: <id>'")
        if "when_closed" in e:
            target = e["when_closed"]
            other = next((x for x in entries if isinstance(x, dict) and x.get("id") == target), None)
            if other is None or target == e["id"]:
                yield ctx.problem(["schedules", i, "when_closed"], f"'{target}' is not another schedule"
                                  + closest(target, seen), "the id of another entry under 'schedules:'")
            elif "when_closed" in other:
                yield ctx.problem(["schedules", i, "when_closed"], f"'{target}' is itself written as 'when_closed'",
                                  "a schedule with its own days and times")
            for key in ("bank_holidays", "other_sources"):
                if key in e:
                    yield ctx.problem(["schedules", i, key], f"'{key}' cannot be set on a 'when_closed' schedule",
                                      f"no '{key}' here: it follows '{target}', bank holidays and sources included")
        for where, reading in [([], e)] + [(["other_sources", n], r) for n, r in enumerate(e.get("other_sources") or [])]:
            for n, row in enumerate(reading.get("open") or [] if isinstance(reading, dict) else []):
                if isinstance(row, dict) and isinstance(row.get("opens"), str) and isinstance(row.get("closes"), str) \
                        and row["closes"] <= row["opens"]:
                    yield ctx.problem(["schedules", i, *where, "open", n, "closes"],
                                      f"it closes at {row['closes']}, not after it opens at {row['opens']}",
                                      "a closing time later the same day (write a night line as 'when_closed' of "
                                      "the day line, or split it at \"24:00\")")
    return set(seen)


def _entry_checks(ctx, i, entry, today) -> Iterator[Problem]:
    here = ["services", i]
    for name in build_only_fields():  # the schema allows them, as it describes services.json too
        if name in entry:
            yield ctx.problem(here + [name], f"'{name}' is written by the build, from the guide's history",
                              f"no '{name}' in services.yaml (it appears in services.json)")
    ages = entry.get("ages")
    if isinstance(ages, dict) and isinstance(ages.get("from"), int) and isinstance(ages.get("to"), int):
        if ages["from"] > ages["to"]:
            yield ctx.problem(here + ["ages"], f"ages go from {ages['from']} to {ages['to']}",
                              "'from' no greater than 'to'")
    contacts = entry.get("contacts")
    if isinstance(contacts, list):
        for k, contact in enumerate(contacts):
            if isinstance(contact, dict):
                kinds = [key for key in ("phone", "email", "url") if key in contact]
                if len(kinds) != 1:
                    found = " and ".join(kinds) if kinds else "no phone, email or url"
                    yield ctx.problem(here + ["contacts", k], f"this contact has {found}",
                                      "exactly one of phone, email or url per contact (add another contact for the next)")
        if not contacts and "reach_via" not in entry:
            yield ctx.problem(here + ["contacts"], "no contact details and no 'reach_via'",
                              "a team contact with its source, or 'reach_via: icrt' so the page says how to reach it")
    areas = entry.get("areas")
    if isinstance(areas, list) and "citywide" in areas and len(areas) > 1:
        yield ctx.problem(here + ["areas"], "'citywide' is listed with single areas", "either citywide alone, or the areas")
    review = entry.get("review")
    confirmed = review.get("confirmed") if isinstance(review, dict) else None
    for where, holder, key in ((["source_checked"], review, "source_checked"), (["confirmed", "on"], confirmed, "on")):
        day = parse_date(holder.get(key)) if isinstance(holder, dict) else None
        if day and day > today:
            yield ctx.problem(here + ["review"] + where, f"'{holder[key]}' is in the future",
                              f"the date of the check, on or before {today.isoformat()}")
    description = entry.get("description")
    if isinstance(description, str):
        for match in _MARKDOWN_LINK.finditer(description):
            target = match.group(1) if match.group(1) is not None else match.group(2)
            if urlsplit(target).scheme.lower() not in ALLOWED_LINK_SCHEMES:
                yield ctx.problem(here + ["description"], f"the link '{target[:60]}' is not a full https: address",
                                  "links starting https:, mailto: or tel:")


def route_problems(loaded: Loaded, directory) -> list[Problem]:
    """The immediate-risk route must answer at every hour of the week, bank holidays included, with numbers
    nobody doubts (the banner on every page offers them)."""
    gap = numbers.unanswered(numbers.immediate_risk_pairs(directory), directory)
    if not gap:
        return []
    ctx = Context(loaded, _service_label, "'immediate_risk:' and 'services:'")
    return [ctx.problem(["immediate_risk"], f"nobody answers the immediate-risk route {gap}",
                        "services whose confirmed numbers between them answer at every hour (e.g. 999, whose "
                        "contact has 'hours: around-the-clock')")]
