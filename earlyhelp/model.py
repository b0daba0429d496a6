"""Small typed records built only from data that has passed validation."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import phonenumbers

from . import clock, hours, urls
from .hours import BankHolidays, Schedule
from .schemas import services_schema

REVIEW_MAX_AGE_DAYS = 365
# The only service numbers a family is texted: every other service number is treated as a professionals' line.
# A number the public can ring goes in situations.yaml as a line, with its source.
PUBLIC_EMERGENCY = {"999", "112"}


@dataclass(frozen=True)
class Contact:
    label: str
    kind: str  # phone, email or url
    value: str
    schedule: Schedule | None  # None: no source publishes its hours
    source: str
    to_confirm: bool
    for_families: bool = False  # the public can ring it (999, situations.yaml's lines)

    @property
    def hours(self) -> str:
        """Its hours in the published words, or "" when no source gives them."""
        return self.schedule.words if self.schedule else ""

    @property
    def for_a_family_text(self) -> bool:
        """Fit to text to a family: a number the public can ring, and never one still to be confirmed."""
        return self.for_families and not self.to_confirm

    @cached_property  # parsing numbers is slow, and each contact is shown on several pages
    def href(self) -> str:
        if self.kind == "phone":
            number = phonenumbers.parse(self.value, "GB")
            if phonenumbers.is_valid_number(number):
                return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return "tel:" + "".join(ch for ch in self.value if ch.isdigit())  # emergency short codes: 999
        return ("mailto:" + self.value) if self.kind == "email" else self.value


@dataclass(frozen=True)
class WaitingTime:
    text: str
    as_of: dt.date
    source: str


@dataclass(frozen=True)
class Location:
    """Where families go, as a source gives it: the parts of an Open Referral UK address."""
    name: str
    address_1: str  # the building and street
    city: str
    postal_code: str  # "": no source gives it
    country: str
    source: str

    @property
    def words(self) -> str:
        return ", ".join(p for p in (self.name, self.address_1, self.city, self.postal_code) if p)


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    short_name: str
    organisation: str
    status: str
    summary: str
    description: str
    levels: tuple[int, ...]
    needs: tuple[str, ...]
    ages_from: int | None  # None: no source states the ages served
    ages_to: int | None
    ages_note: str
    areas: tuple[str, ...]  # empty: no source says where the service works
    access: tuple[str, ...]
    how_to_access: str
    consent: str
    contacts: tuple[Contact, ...]
    reach_via: str
    waiting_time: WaitingTime | None
    languages: tuple[str, ...]
    cultural_support: str
    sos: bool
    review_owner: str
    source_checked: dt.date  # our comparison with the public sources: not a confirmation by the service
    confirmed_on: dt.date | None  # the service itself checked every detail
    confirmed_by: str
    location: Location | None = None  # None: no source gives an address

    @property
    def url(self) -> str:
        return urls.service(self.id).url

    @property
    def phones(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.kind == "phone")

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None

    @property
    def last_checked(self) -> dt.date:
        """The latest look at the entry, by us against the sources or by the service."""
        return max(d for d in (self.source_checked, self.confirmed_on) if d is not None)

    @property
    def family_phones(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.phones if c.for_a_family_text)

    def review_overdue(self, today: dt.date) -> bool:
        return (today - self.last_checked).days > REVIEW_MAX_AGE_DAYS


@dataclass(frozen=True)
class Vocabulary:
    """The labels of each controlled value, read from the schema so there is one list."""
    needs: dict
    levels: dict
    areas: dict
    access: dict
    status: dict

    @classmethod
    def from_schema(cls) -> "Vocabulary":
        props = services_schema()["$defs"]["service"]["properties"]
        titles = lambda field: dict(props[field]["items"]["x-enum-titles"])  # noqa: E731
        levels = {int(k): v for k, v in titles("levels").items()}
        return cls(titles("needs"), levels, titles("areas"), titles("access"), dict(props["status"]["x-enum-titles"]))


@dataclass(frozen=True, eq=False)  # compared by identity: one per build, cached on it
class Directory:
    services: tuple[Service, ...]  # sorted by name
    immediate_risk: tuple[Service, ...]
    labels: Vocabulary
    today: dt.date
    schedules: dict = field(default_factory=dict)  # id -> hours.Schedule, as written under 'schedules:'
    schedule_data: tuple = ()  # the validated 'schedules:' entries, as written (services.json repeats them)
    situations: tuple = ()  # Situation records (situations.py), in the SOS list's order; none without the file

    @cached_property
    def calendar(self) -> BankHolidays:
        """England's bank holidays from this year to two years ahead, as the build writes them into pages."""
        return hours.bank_holidays(self.today.year)

    @cached_property
    def schedule_owner(self) -> dict[str, str]:
        """schedule id -> the short name of the first service whose confirmed number keeps those hours."""
        found: dict[str, str] = {}
        for s in self.services:
            for c in s.phones:
                if c.schedule and not c.to_confirm:
                    found.setdefault(c.schedule.id, s.short_name)
        return found

    @cached_property
    def covers(self) -> dict[str, tuple]:
        """schedule id -> the (owner, contact) pairs answered when that schedule's line is closed: who to ring
        instead. From the data (a schedule's 'when_closed'), never from prose; doubtful numbers left out."""
        found: dict[str, list] = {}
        for s in self.services:
            for c in s.phones:
                if c.schedule and c.schedule.covers and not c.to_confirm:
                    found.setdefault(c.schedule.covers, []).append((s.short_name, c))
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    @cached_property
    def lines(self) -> tuple:
        """The national lines the situations name (situations.py Line records), each once, as first named."""
        return tuple({line.id: line for x in self.situations
                      for line in (*x.officer_lines, *x.family_lines)}.values())

    def with_need(self, need: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if need in s.needs)

    def at_level(self, level: int) -> tuple[Service, ...]:
        return tuple(s for s in self.services if level in s.levels)

    def in_area(self, area: str) -> tuple[Service, ...]:
        """Services working in the area, citywide ones included: a family there can use both."""
        return tuple(s for s in self.services if area in s.areas or "citywide" in s.areas)

    def sos(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.sos and s.status != "retired")


def build(data: dict, today: dt.date | None = None) -> Directory:
    schedules = build_schedules(data.get("schedules") or [])
    services = sorted((_service(entry, schedules) for entry in data["services"]),
                      key=lambda s: (s.name.casefold(), s.id))
    by_id = {s.id: s for s in services}
    return Directory(tuple(services), tuple(by_id[i] for i in data["immediate_risk"]), Vocabulary.from_schema(),
                     today or clock.today(), schedules, tuple(data.get("schedules") or ()))


def build_schedules(entries: list[dict]) -> dict[str, Schedule]:
    """Validated 'schedules:' entries as records; one named by another's 'when_closed' is built first."""
    built: dict[str, Schedule] = {}
    for e in sorted(entries, key=lambda e: "when_closed" in e):
        if "when_closed" in e:
            other = built[e["when_closed"]]
            readings = tuple(hours.Reading(e["words"], e["source"], r.windows, r.bank_holidays, not r.inverted)
                             for r in other.readings)
        else:
            main = _reading(e, hours.BH_OPEN if e.get("always") else hours.BH_UNKNOWN)
            # Another source that says nothing of bank holidays is taken to agree with the main one there.
            readings = (main, *(_reading(r, main.bank_holidays) for r in e.get("other_sources", [])))
        built[e["id"]] = Schedule(e["id"], e["words"], e["source"], e.get("note", ""), readings,
                                  e.get("when_closed", ""))
    return {e["id"]: built[e["id"]] for e in entries}  # in the file's order


def _reading(e: dict, bank_holidays: str) -> hours.Reading:
    windows = ((0, hours.WEEK),) if e.get("always") else hours.windows_of(e["open"])
    return hours.Reading(e["words"], e["source"], windows, e.get("bank_holidays", bank_holidays))


def _service(entry: dict, schedules: dict[str, Schedule]) -> Service:
    ages = entry.get("ages", {})
    review = entry["review"]
    confirmed = review.get("confirmed", {})
    wait = entry.get("waiting_time")
    return Service(
        id=entry["id"], name=entry["name"], short_name=entry.get("short_name", entry["name"]),
        organisation=entry["organisation"],
        status=entry.get("status", "active"), summary=entry["summary"], description=entry["description"],
        levels=tuple(sorted(entry["levels"])), needs=tuple(entry["needs"]),
        ages_from=ages.get("from"), ages_to=ages.get("to"), ages_note=ages.get("note", ""),
        areas=tuple(entry.get("areas", ())), access=tuple(entry["access"]), how_to_access=entry["how_to_access"],
        consent=entry["consent"], contacts=tuple(_contact(c, schedules) for c in entry["contacts"]),
        reach_via=entry.get("reach_via", ""),
        waiting_time=WaitingTime(wait["text"], dt.date.fromisoformat(wait["as_of"]), wait["source"]) if wait else None,
        languages=tuple(entry.get("languages", ())), cultural_support=entry.get("cultural_support", ""),
        sos=entry["sos"], review_owner=review["owner"],
        source_checked=dt.date.fromisoformat(review["source_checked"]),
        confirmed_on=dt.date.fromisoformat(confirmed["on"]) if confirmed else None,
        confirmed_by=confirmed.get("by", ""),
        location=Location(**{"postal_code": "", **entry["location"]}) if "location" in entry else None,
    )


def _contact(entry: dict, schedules: dict[str, Schedule]) -> Contact:
    kind = next(k for k in ("phone", "email", "url") if k in entry)
    return Contact(entry["label"], kind, entry[kind], schedules.get(entry.get("hours", "")), entry["source"],
                   entry.get("to_confirm", False), entry.get(kind) in PUBLIC_EMERGENCY)
