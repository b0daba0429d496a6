"""Open data written beside the site: one payload, several renderings.

- services.json: the published data, shaped like services.yaml (schema/services.schema.json describes both);
- services.csv: one row per service for spreadsheets;
- oruk/: an Open Referral UK feed (HSDS 3.0, UK profile), a paginated listing and one file per service, with
  the `/` API-information document and an OpenAPI description of the files (earlyhelp/oruk_api.py);
- sos.json: the police SOS list, for the officers' own app (earlyhelp/sos_feed.py).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import uuid
from functools import lru_cache

from . import numbers, oruk_api, sos_feed
from .hours import same_times
from .model import Contact, Directory, Service
from .schemas import services_schema

# Fixed for ever: every Open Referral id is uuid5(NAMESPACE, "<kind>:<key>"), so ids survive rebuilds.
NAMESPACE = uuid.UUID("054b979d-250b-4a24-a1c8-f297d96acc01")
_NAMESPACE_BYTES = NAMESPACE.bytes
PAGE_SIZE = 50
SEPARATOR = "; "
ORUK_STATUS = {"active": "active", "temporarily-closed": "temporarily closed", "retired": "defunct"}
TAXONOMIES = (("needs", "Need"), ("levels", "Level of need"), ("access", "Route in"))  # record field, taxonomy


def stable_id(kind: str, *key) -> str:
    """uuid5(NAMESPACE, "<kind>:<key>"), computed as uuid.uuid5 does but without building UUID objects: the feed
    needs a dozen ids a service, and uuid.uuid5 made them most of the export's time (tests compare the two)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{kind}:{'/'.join(map(str, key))}".encode()).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


# --- the payload ------------------------------------------------------------------------------------------

def record(s: Service, directory: Directory, last_changed: dt.date | None = None) -> dict:
    """One service as published: every field of services.yaml, defaults filled in, empty optional ones left out,
    and the day of its latest change when the build knew the history."""
    return _compact({
        "id": s.id, "name": s.name, "short_name": s.short_name if s.short_name != s.name else None,
        "organisation": s.organisation, "status": s.status, "summary": s.summary,
        "description": s.description, "levels": list(s.levels), "needs": list(s.needs),
        "ages": _compact({"from": s.ages_from, "to": s.ages_to, "note": s.ages_note}),
        "areas": list(s.areas), "location": s.location and _compact(dataclasses.asdict(s.location)),
        "access": list(s.access), "how_to_access": s.how_to_access, "consent": s.consent,
        "contacts": _contacts(s, directory), "reach_via": s.reach_via,
        "waiting_time": s.waiting_time and {"text": s.waiting_time.text, "as_of": s.waiting_time.as_of.isoformat(),
                                            "source": s.waiting_time.source},
        "languages": list(s.languages), "cultural_support": s.cultural_support, "sos": s.sos,
        "review": _compact({"owner": s.review_owner, "source_checked": s.source_checked.isoformat(),
                            "confirmed": {"on": s.confirmed_on.isoformat(), "by": s.confirmed_by} if s.confirmed else None}),
        "last_changed": last_changed and last_changed.isoformat(),
    }, keep=("contacts",))


def payload(directory: Directory, last_changed: dict | None = None) -> dict:
    """last_changed: service id -> date (changes.py); empty or None without history."""
    last_changed = last_changed or {}
    return {"immediate_risk": [s.id for s in directory.immediate_risk],
            "schedules": [dict(e) for e in directory.schedule_data],
            "services": [record(s, directory, last_changed.get(s.id)) for s in directory.services]}


def _contacts(s: Service, directory: Directory) -> list[dict]:
    """Phone numbers in the one rule's order (numbers.py), then the other contacts as written."""
    phones = [o.contact for o in numbers.for_service(s, directory)] if s.contacts else []
    return [_contact(c) for c in (*phones, *(c for c in s.contacts if c.kind != "phone"))]


def _contact(c: Contact) -> dict:
    return _compact({"label": c.label, c.kind: c.value, "hours": c.schedule.id if c.schedule else None,
                     "source": c.source, "to_confirm": True if c.to_confirm else None})


def _compact(values: dict, keep=()) -> dict:
    return {k: v for k, v in values.items() if k in keep or v not in (None, "", [], {})}


# --- CSV ----------------------------------------------------------------------------------------------------

def csv_columns() -> list[str]:
    """Read from the schema, so a new field gets a column: nested fields become e.g. ages_from."""
    def flat(name: str, field: dict) -> list[str]:
        if name == "contacts":
            return ["contacts", "contact_sources"]
        if "properties" in field:
            return [column for sub, inner in field["properties"].items() for column in flat(f"{name}_{sub}", inner)]
        return [name]
    return [column for name, field in services_schema()["$defs"]["service"]["properties"].items()
            for column in flat(name, field)]


def csv_row(r: dict, prefix: str = "", hours_words: dict | None = None) -> dict:
    """hours_words: schedule id -> its published words, so a spreadsheet shows the hours, not their id."""
    row = {}
    for key, value in r.items():
        if key == "contacts" and not prefix:
            row["contacts"] = SEPARATOR.join(_contact_text(c, hours_words or {}) for c in value)
            row["contact_sources"] = SEPARATOR.join(dict.fromkeys(c["source"] for c in value))
        elif isinstance(value, dict):
            row.update(csv_row(value, f"{prefix}{key}_"))
        else:
            row[prefix + key] = _cell(value)
    return row


def services_csv(records: list[dict], hours_words: dict | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_columns())
    writer.writeheader()
    writer.writerows(csv_row(r, hours_words=hours_words) for r in records)
    return "\ufeff" + out.getvalue()  # the byte-order mark makes Excel read UTF-8 (– ’ é) correctly


def _contact_text(c: dict, hours_words: dict) -> str:
    kind = next(k for k in ("phone", "email", "url") if k in c)
    return (f"{c['label']}: {c[kind]}" + (f" ({hours_words.get(c['hours'], c['hours'])})" if "hours" in c else "")
            + (" [to be confirmed]" if c.get("to_confirm") else ""))


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = SEPARATOR.join(map(str, value)) if isinstance(value, list) else str(value)
    # A cell starting like a formula would be run by a spreadsheet: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- Open Referral UK -------------------------------------------------------------------------------------

def oruk_service(r: dict, directory: Directory) -> dict:
    sid = stable_id("service", r["id"])
    contacts = r["contacts"]
    first = lambda kind: next((c[kind] for c in contacts if kind in c), None)  # noqa: E731
    return _compact({
        "id": sid,
        "organization_id": stable_id("organisation", r["organisation"]),
        "name": r["name"],
        "description": r["description"],
        "url": first("url"),
        "email": first("email"),
        "status": ORUK_STATUS[r["status"]],
        "minimum_age": r.get("ages", {}).get("from"),
        "maximum_age": r.get("ages", {}).get("to"),
        "assured_date": r["review"].get("confirmed", {}).get("on"),  # assured by the service, not by our reading
        "alert": _alert(r, directory),
        "application_process": r["how_to_access"],  # HSDS 3.0 core field, not in the UK profile
        "phones": [_compact({"id": stable_id("phone", r["id"], i), "number": c["phone"],
                             "description": _phone_description(c, directory)})
                   for i, c in enumerate(contacts) if "phone" in c],  # HSDS 3.0 core field, not in the UK profile
        "schedules": [entry for i, c in enumerate(contacts) if "hours" in c
                      for entry in oruk_schedules(r["id"], i, c, directory)],
        "service_areas": [{"id": stable_id("service-area", r["id"], a), "name": _area_name(a, directory),
                           "service_area": _area_name(a, directory)} for a in r.get("areas", [])],
        "service_at_locations": oruk_locations(r, sid),
        "languages": [{"id": stable_id("language", r["id"], lang), "name": lang} for lang in r.get("languages", [])],
        "organization": oruk_organisation(r["organisation"]),
        "attributes": [_attribute(sid, field, taxonomy, key, directory)
                       for field, taxonomy in TAXONOMIES for key in r[field]],
    })


def oruk_locations(r: dict, service_id: str) -> list[dict]:
    """The service's address, where a source gives one, as the profile's location with one physical address.
    The profile requires a postcode and a county; no source gives the county, nor most postcodes, so those are
    left empty rather than guessed, and the location's description says so."""
    where = r.get("location")
    if not where:
        return []
    location_id = stable_id("location", r["id"])
    said = ("Confirmed by the service." if "confirmed" in r["review"] else "Not yet confirmed by the service.")
    said += "" if where.get("postal_code") else " Postcode not stated in the sources."
    return [{"id": stable_id("service-at-location", r["id"]), "service_id": service_id, "location_id": location_id,
             "location": {
                 "id": location_id, "location_type": "physical", "name": where["name"],
                 "description": f"Address from {where['source']}. {said}",
                 "addresses": [{"id": stable_id("address", r["id"]), "location_id": location_id,
                                "address_1": where["address_1"], "city": where["city"], "state_province": "",
                                "postal_code": where.get("postal_code", ""), "country": where["country"],
                                "address_type": "physical"}]}}]


def _phone_description(c: dict, directory: Directory) -> str:
    """Each number says itself whether it is to be confirmed: a feed reader may show one number alone."""
    text = c["label"]
    if "hours" in c:
        text += f" ({directory.schedules[c['hours']].words})"
    if c.get("to_confirm"):
        text += ". Number to be confirmed by the service owner: do not rely on it"
    return text


ORUK_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def oruk_schedules(service_id: str, index: int, c: dict, directory: Directory) -> list[dict]:
    """A contact's opening times as Open Referral UK schedules: one weekly entry per run of days with the same
    times, from the main source; the published words, bank holidays and any disagreeing source in the notes."""
    sc = directory.schedules[c["hours"]]
    main = sc.readings[0]
    notes = [f"Bank holidays: {main.bank_holidays}."] + [f"Another source ({r.source}) gives: {r.words}."
                                                          for r in sc.other_readings]
    if sc.note:
        notes.insert(0, sc.note)
    return [{"id": stable_id("schedule", service_id, index, n), "freq": "WEEKLY",
             "byday": ",".join(ORUK_DAYS[d] for d in days), "opens_at": _clock(opens), "closes_at": _clock(closes),
             "description": f"{c['label']}: {sc.words} (source: {sc.source})", "notes": " ".join(notes)}
            for n, ((opens, closes), days) in enumerate(same_times(main.open_windows))]


def _clock(minute: int) -> str:
    return "23:59:59" if minute >= 1440 else f"{minute // 60:02d}:{minute % 60:02d}:00"


@lru_cache(maxsize=None)
def oruk_organisation(name: str) -> dict:
    return {"id": stable_id("organisation", name), "name": name,
            "description": f"{name} provides services listed in the Sunderland early help guide."}


def oruk_pages(services: list[dict], size: int = PAGE_SIZE) -> list[dict]:
    """`size` is the number of services on that page, as the profile defines it and its validator checks."""
    total_pages = max(1, math.ceil(len(services) / size))
    return [{"total_items": len(services), "total_pages": total_pages, "page_number": n, "size": len(chunk),
             "first_page": n == 1, "last_page": n == total_pages, "empty": not chunk, "contents": chunk}
            for n in range(1, total_pages + 1) for chunk in [services[(n - 1) * size: n * size]]]


def _alert(r: dict, directory: Directory) -> str:
    notes = [] if "confirmed" in r["review"] else [
        f"Not yet confirmed by the service: compiled from public pages checked on {r['review']['source_checked']}."]
    if r["status"] == "temporarily-closed":
        notes.append("Temporarily closed.")
    if any(c.get("to_confirm") for c in r["contacts"]):
        notes.append("Some contact details are to be confirmed by the service owner.")
    if not r["contacts"]:
        notes.append(f"Contact details to be confirmed by the service owner; until then, reach it through "
                     f"{directory.by_id[r['reach_via']].name}.")
    return " ".join(notes)


def _area_name(area: str, directory: Directory) -> str:
    return "Sunderland" if area == "citywide" else f"Sunderland: {directory.labels.areas[area]}"


def _attribute(service_id: str, field: str, taxonomy: str, key, directory: Directory) -> dict:
    term = _term(field, taxonomy, key, getattr(directory.labels, field)[key])
    return {"id": stable_id("attribute", service_id, field, key), "link_id": service_id, "taxonomy_term_id": term["id"],
            "taxonomy_term": term}


@lru_cache(maxsize=None)  # a few dozen terms, shared by every service
def _term(field: str, taxonomy: str, key, label: str) -> dict:
    return {"id": stable_id("term", field, key), "name": label, "term": str(key), "description": f"{taxonomy}: {label}",
            "taxonomy": f"Sunderland early help guide: {taxonomy.lower()}"}


# --- files ------------------------------------------------------------------------------------------------

def files(directory: Directory, site_url: str = "", last_changed: dict | None = None) -> dict[str, str]:
    """Every export, by its path in the built site. The site's public address, once set, goes into the feed's
    API-information document (it must give the OpenAPI document's absolute address)."""
    published = payload(directory, last_changed)
    services = [oruk_service(r, directory) for r in published["services"]]
    pages = oruk_pages(services)
    hours_words = {sid: schedule.words for sid, schedule in directory.schedules.items()}
    out = {"services.json": _json(published), "services.csv": services_csv(published["services"], hours_words),
           "oruk/services.json": _json(pages[0]), sos_feed.FEED_FILE: _json(sos_feed.feed(directory)),
           f"oruk/{oruk_api.INFO_FILE}": _json(oruk_api.api_info(site_url)),
           f"oruk/{oruk_api.OPENAPI_FILE}": _json(oruk_api.openapi(PAGE_SIZE))}
    out.update({f"oruk/services/page-{page['page_number']}.json": _json(page) for page in pages})
    out.update({f"oruk/services/{s['id']}.json": _json(s) for s in services})
    return out


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False) + "\n"  # no indent: Python's fast encoder only does compact
