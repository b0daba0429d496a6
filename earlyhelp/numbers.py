"""Which number to show, and in what order: the one rule that every page, card, list, pathway outcome, the banner,
the SOS list, the search entries and every export use.

1. A confirmed number comes before a doubtful one (marked to be confirmed).
2. At a given moment, a line answered now comes before one that may be closed, then one whose hours no source
   publishes, then one that is closed. Without a moment (a page read without its script), 24-hour lines come
   first. Otherwise the order given (the data's) stands.
3. A line with limited hours names who to ring while it is closed (`instead`), from the schedules themselves.
4. A doubtful number is never a bare call button: `button` is False, and pages show it with its warning. An
   urgent route offers confirmed numbers only (`urgent=True`); the validator makes sure it has one at every hour.

The phone's script (open_now.js) applies rule 2 to the numbers a page already shows in this order; the browser
tests check it agrees with `ranked` at fixed moments, and tests/test_open_now_rule.py that its states are
hours.py's at every five minutes of five weeks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from .hours import CLOSED, DAY_NAMES, MAYBE, OPEN, UNKNOWN, WEEK, clock_words, short_words, state
from .model import Contact, Directory, Service

NOW_RANK = {OPEN: 0, MAYBE: 1, UNKNOWN: 2, CLOSED: 3}


@dataclass(frozen=True)
class Offer:
    """A number as a page offers it: whose it is, the contact, and who answers while it is closed."""
    owner: str
    contact: Contact
    instead: tuple[tuple[str, Contact], ...] = ()
    short: str = ""  # its hours in a few words, made from the data (hours.short_words)

    @property
    def doubtful(self) -> bool:
        return self.contact.to_confirm

    @property
    def button(self) -> bool:
        """Fit to be a one-tap call button: never a number still to be confirmed."""
        return not self.contact.to_confirm

    @property
    def always(self) -> bool:
        return bool(self.contact.schedule and self.contact.schedule.always)

    @property
    def schedule_id(self) -> str:
        return self.contact.schedule.id if self.contact.schedule else ""

    def state(self, directory: Directory, at: dt.datetime) -> str:
        return state(self.contact.schedule, at, directory.calendar)


def ranked(pairs: Iterable[tuple[str, Contact]], directory: Directory, at: dt.datetime | None = None,
           urgent: bool = False) -> tuple[Offer, ...]:
    """(owner, contact) pairs as offers, in the rule's order. Only phone numbers; each number once."""
    offers, seen = [], set()
    for owner, c in pairs:
        if c.kind != "phone" or c.value in seen or (urgent and c.to_confirm):
            continue
        seen.add(c.value)
        sc = c.schedule
        offers.append(Offer(owner, c, directory.covers.get(sc.id, ()) if sc else (),
                            short_words(sc, directory.schedule_owner.get(sc.covers, "")) if sc
                            else "hours not published"))

    def key(item):
        index, offer = item
        now = (0 if offer.always else 1) if at is None else NOW_RANK[offer.state(directory, at)]
        return offer.doubtful, now, index

    return tuple(offer for _, offer in sorted(enumerate(offers), key=key))


def service_pairs(s: Service, directory: Directory, confirmed_first_only: bool = False) -> list[tuple[str, Contact]]:
    """A service's own numbers, or, when it publishes none, those of the service it is reached through.
    confirmed_first_only: just its confirmed numbers when it has any (a route that names several services)."""
    owner = s if s.contacts else directory.by_id.get(s.reach_via)
    if owner is None:
        return []
    phones = owner.phones
    # Pointed at another service's numbers: its confirmed ones, so advice never starts with a doubtful line.
    if (confirmed_first_only or owner is not s) and any(not c.to_confirm for c in phones):
        phones = tuple(c for c in phones if not c.to_confirm)
    # Named by the service, unless it has several numbers a caller must tell apart
    several = sum(not c.to_confirm for c in phones) > 1
    return [(c.label if several or (c.to_confirm and len(phones) > 1) else owner.short_name, c) for c in phones]


def immediate_risk_pairs(directory: Directory) -> list[tuple[str, Contact]]:
    """The immediate-risk route's numbers, as written (the banner, the SOS list's danger box and the check all
    take them from here, then order or test them by the rule)."""
    return [p for s in directory.immediate_risk for p in service_pairs(s, directory)]


def for_service(s: Service, directory: Directory, at: dt.datetime | None = None,
                urgent: bool = False) -> tuple[Offer, ...]:
    return ranked(service_pairs(s, directory), directory, at, urgent)


def first(s: Service, directory: Directory, at: dt.datetime | None = None) -> Offer | None:
    """The number a one-line summary (a search result, a list) gives for a service."""
    offers = for_service(s, directory, at)
    return offers[0] if offers else None


def route(pairs: Iterable[tuple[str, Contact]], directory: Directory,
          at: dt.datetime | None = None) -> tuple[Offer, ...]:
    """An urgent route's numbers (the banner, the immediate-danger box, an immediate-risk outcome): confirmed
    numbers only, in the rule's order. A situation's numbers keep a doubtful one after the confirmed ones, with
    its warning, because some services publish no other (the validator still requires a confirmed one at every
    hour)."""
    return ranked(pairs, directory, at, urgent=True)


def for_outcome(node, directory: Directory) -> tuple[Offer, ...]:
    """A pathway outcome's numbers: the national lines it names, then its services' numbers. The immediate-risk
    exit is an urgent route (confirmed numbers only)."""
    lines = {line.id: line for line in directory.lines}
    pairs = [(lines[i].phone.label, lines[i].phone) for i in node.lines]
    pairs += [p for sid in node.services for p in service_pairs(directory.by_id[sid], directory)]
    return ranked(pairs, directory, urgent=node.immediate_risk)


def unanswered(pairs: list[tuple[str, Contact]], directory: Directory) -> str:
    """"" when the route's confirmed numbers answer at every hour; else its first gap in words, e.g. "on Monday
    from midnight to 8.30am" or "at any hour of the week" (for the check's message)."""
    gaps = nobody_answers(pairs, directory)
    if not gaps:
        return ""
    start, end, holiday = gaps[0]
    if end - start >= WEEK:
        return "at any hour of the week"
    (day, at), (last_day, until) = divmod(start, 1440), divmod(end, 1440)
    same_day = last_day == day or (last_day == day + 1 and until == 0)
    span = f"on {DAY_NAMES[day]} from {clock_words(at)} to " + (
        clock_words(until) if same_day else f"{DAY_NAMES[last_day % 7]} {clock_words(until)}")
    return span + (" when it is a bank holiday" if holiday else "")


def nobody_answers(pairs: list[tuple[str, Contact]], directory: Directory) -> list[tuple[int, int, bool]]:
    """The spans of a week (minutes from Monday 00:00, and whether on a bank holiday) in which none of the
    route's confirmed numbers is answered or may be answered. Empty when the route covers every hour."""
    lines = [c for _, c in pairs if c.kind == "phone" and not c.to_confirm and c.schedule]
    cuts = sorted({0, WEEK} | {edge for c in lines for r in c.schedule.readings
                                   for w in r.windows for edge in w} | {d * 1440 for d in range(8)})
    gaps = []
    for holiday in (False, True):
        for start, end in zip(cuts, cuts[1:]):
            if start == end:
                continue
            answered = any(r.is_open(start, holiday) is not False for c in lines for r in c.schedule.readings)
            if not answered:
                if gaps and gaps[-1][1] == start and gaps[-1][2] == holiday:
                    gaps[-1] = (gaps[-1][0], end, holiday)
                else:
                    gaps.append((start, end, holiday))
    return gaps
