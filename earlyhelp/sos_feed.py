"""sos.json: the SOS list as data, for the owners of the police SOS app to import (schema/sos-feed.schema.json).

The guide feeds the officers' existing app rather than competing with it: the same numbers, in the same order
(numbers.py, the one rule), with each number's source and hours, whether it is still to be confirmed, and
whether the service itself has confirmed the entry; the situations officers meet, the lines a family can ring,
and the opening times an app needs to put the line answered now first. Nothing here is shown as more certain
than the pages show it."""
from __future__ import annotations

from . import numbers, sos, urls
from .hours import table
from .model import Directory, Service
from .numbers import Offer

FEED_FILE = "sos.json"
FORMAT_VERSION = 1


def feed(directory: Directory) -> dict:
    listed = directory.sos()
    hours = table(directory.schedules, directory.calendar)
    return {
        "format_version": FORMAT_VERSION,
        "generated": directory.today.isoformat(),
        "oldest_check": sos.oldest_check(directory).isoformat(),
        "schema": "schema/sos-feed.schema.json in the guide's repository",
        "immediate_risk": [_urgent(s, directory) for s in directory.immediate_risk],
        "services": [_entry(s, directory) for s in listed],
        "situations": [_situation(x, directory) for x in directory.situations],
        "lines": [_line(line, directory) for line in directory.lines],
        "schedules": {"by_id": {sid: _schedule(sc) for sid, sc in directory.schedules.items()},
                      "bank_holidays_known": {"from": hours["from"], "to": hours["to"], "dates": hours["bh"]}},
    }


def _schedule(sc) -> dict:
    out = {"words": sc.words, "source": sc.source, "always": sc.always,
           "readings": [{"words": r.words, "source": r.source, "windows": [list(w) for w in r.windows],
                         "bank_holidays": r.bank_holidays, "inverted": r.inverted} for r in sc.readings]}
    if sc.note:
        out["note"] = sc.note
    return out


def _situation(x, directory: Directory) -> dict:
    lines = {line.id for line in x.officer_lines}
    return {"id": x.id, "title": x.title, "words": list(x.words), "do_now": x.do_now,
            "officer_services": [i for i in x.officer_ids if i not in lines],
            "officer_lines": [i for i in x.officer_ids if i in lines],
            "officer_numbers": [_number(o) for o in numbers.ranked(x.officer, directory)], "family": x.family,
            "family_lines": [line.id for line in x.family_lines], "services": [s.id for s in x.services],
            "page": urls.situation(x.id)}


def _line(line, directory: Directory) -> dict:
    return {"id": line.id, "name": line.phone.label, "who": line.who,
            "number": _number(numbers.ranked([line.pair], directory)[0])}


def _urgent(s: Service, directory: Directory) -> dict:
    # Only numbers fit for an emergency button: the validator keeps at least one per immediate-risk service.
    return {"id": s.id, "name": s.name,
            "numbers": [_number(o) for o in numbers.for_service(s, directory, urgent=True)]}


def _entry(s: Service, directory: Directory) -> dict:
    via = directory.by_id[s.reach_via] if not s.contacts and s.reach_via else None
    return {
        "id": s.id, "name": s.name, "summary": s.summary, "organisation": s.organisation, "status": s.status,
        "needs": [{"key": n, "label": directory.labels.needs[n]} for n in s.needs],
        "how_to_refer": s.how_to_access,
        "numbers": [_number(o) for o in numbers.for_service(s, directory)],
        # The numbers are another service's when this one publishes none: not a confirmed route into it.
        "numbers_are_for": via.id if via else s.id,
        "confirmation": ({"status": "confirmed", "on": s.confirmed_on.isoformat(), "by": s.confirmed_by}
                         if s.confirmed else
                         {"status": "not-confirmed", "sources_checked_on": s.source_checked.isoformat()}),
        "page": s.url,
    }


def _number(o: Offer) -> dict:
    c = o.contact
    number = {"label": c.label, "number": c.value, "dial": c.href.removeprefix("tel:"), "source": c.source,
              "to_confirm": c.to_confirm, "for_families": c.for_families}
    if c.schedule:
        number["hours"], number["hours_id"] = c.schedule.words, c.schedule.id
    if o.instead:
        number["instead"] = [{"name": owner, "number": other.value} for owner, other in o.instead]
    return number
