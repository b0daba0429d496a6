"""sos.json: the SOS list as data, for the owners of the police SOS app to import (schema/sos-feed.schema.json).

The guide feeds the officers' existing app rather than competing with it: the same numbers, in the same order,
with each number's source, whether it is still to be confirmed, and whether the service itself has confirmed the
entry; the situations officers meet, and the lines a family can ring. Nothing here is shown as more certain
than the pages show it."""
from __future__ import annotations

from .model import Contact, Directory, Service
from .sos import PAGE, phones_for

FEED_FILE = "sos.json"
FORMAT_VERSION = 1


def feed(directory: Directory) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "generated": directory.today.isoformat(),
        "schema": "schema/sos-feed.schema.json in the guide's repository",
        "immediate_risk": [_urgent(s) for s in directory.immediate_risk],
        "services": [_entry(s, directory) for s in directory.sos()],
        "situations": [_situation(x) for x in directory.situations],
        "lines": [_line(line) for line in directory.lines],
    }


def _situation(x) -> dict:
    # The officer's numbers are the services' own (in "services"); only ids here, so a number lives in one place.
    return {"id": x.id, "title": x.title, "words": list(x.words), "do_now": x.do_now,
            "officer_services": [s.id for s in x.officer], "family": x.family,
            "family_lines": [line.id for line in x.family_lines], "services": [s.id for s in x.services],
            "page": f"{PAGE}#sit-{x.id}"}


def _line(line) -> dict:
    return {"id": line.id, "name": line.phone.label, "who": line.who, "number": _number(line.phone)}


def _urgent(s: Service) -> dict:
    # Only numbers fit for an emergency button: the validator keeps at least one per immediate-risk service.
    return {"id": s.id, "name": s.name, "numbers": [_number(c) for c in s.urgent_phones]}


def _entry(s: Service, directory: Directory) -> dict:
    via = directory.by_id[s.reach_via] if not s.contacts and s.reach_via else None
    return {
        "id": s.id, "name": s.name, "summary": s.summary, "organisation": s.organisation, "status": s.status,
        "needs": [{"key": n, "label": directory.labels.needs[n]} for n in s.needs],
        "how_to_refer": s.how_to_access,
        "numbers": [_number(c) for c in phones_for(s, directory)],
        # The numbers are another service's when this one publishes none: not a confirmed route into it.
        "numbers_are_for": via.id if via else s.id,
        "confirmation": ({"status": "confirmed", "on": s.confirmed_on.isoformat(), "by": s.confirmed_by}
                         if s.confirmed else
                         {"status": "not-confirmed", "sources_checked_on": s.source_checked.isoformat()}),
        "page": s.url,
    }


def _number(c: Contact) -> dict:
    number = {"label": c.label, "number": c.value, "dial": c.href.removeprefix("tel:"), "source": c.source,
              "to_confirm": c.to_confirm, "for_families": c.for_families}
    if c.hours:
        number["hours"] = c.hours
    return number
