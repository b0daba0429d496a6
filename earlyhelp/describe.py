"""Two versions of the data compared, in plain words (changes.py reads the versions from git).

Old versions may not pass today's checks, so everything here reads defensively: a field that is missing or of
another shape is compared as it is, and an entry without an id is skipped. Words never depend on a commit
message, only on the data; the same data in another layout gives no words at all.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from .model import Vocabulary
from .clock import long_date
from .schemas import parse_date, services_schema


@dataclass(frozen=True)
class Snapshot:
    """One commit's data: services, pathways and situations by id (the last readable version of each file)."""
    services: dict = field(default_factory=dict)
    pathways: dict = field(default_factory=dict)
    situations: dict = field(default_factory=dict)
    schedules: dict = field(default_factory=dict)  # services.yaml's `schedules:`, by id: contacts' hours name them
    # Kept from one commit to the next so that a commit costs what it changed, not the size of the file:
    # (the services before, the ids whose entries differ from them), when the reader knows (see Entries)
    services_since: tuple | None = field(default=None, compare=False, repr=False)
    # the services' contacts by the schedules they name (built by differences())
    hours_index: "_HoursIndex | None" = field(default=None, compare=False, repr=False)

    @staticmethod
    def reads(path: str, services: str, situations: str | None, pathways: str | None) -> bool:
        """Whether updated() reads the file at `path`."""
        return path in (services, situations) or bool(pathways) and _in_pathways(path, pathways)

    def updated(self, tree: dict, read, services: str, situations: str | None, pathways: str | None) -> "Snapshot":
        """The snapshot after a commit whose files are `tree` (path -> blob); read(path, blob) -> data or None
        when that version cannot be read, in which case the previous one stands."""
        new = self
        data = read(services, tree[services]) if services in tree else {}
        if data is not None:
            data = data if isinstance(data, dict) else {}
            entries = data.get("services")
            since = entries.since if isinstance(entries, Entries) else None
            new = replace(new, services=_by_id(entries), schedules=_by_id(data.get("schedules")), services_since=since)
        if situations:
            data = read(situations, tree[situations]) if situations in tree else {}
            if data is not None:
                new = replace(new, situations=_by_id(data.get("situations") if isinstance(data, dict) else None))
        if pathways:
            found = {}
            for path, blob in tree.items():
                if _in_pathways(path, pathways):
                    key = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
                    data = read(path, blob)
                    if isinstance(data, dict) or key in self.pathways:
                        found[key] = data if isinstance(data, dict) else self.pathways[key]
            new = replace(new, pathways=found)
        return new


def _in_pathways(path: str, pathways: str) -> bool:
    return path.startswith(pathways.rstrip("/") + "/") and path.endswith((".yaml", ".yml"))


class Entries(list):
    """A list of entries from a reader that kept its previous version (changes.py): it also carries the entries
    by id (None when two share an id) and `since`, (the previous version's by-id dict, the ids whose entries
    are not the very same objects in both), or None. Both are what _by_id and differences() would work out."""

    def __init__(self, items, by_id: dict | None, since: tuple | None):
        super().__init__(items)
        self.by_id, self.since = by_id, since


def _by_id(entries) -> dict:
    if isinstance(entries, Entries) and entries.by_id is not None:
        return entries.by_id
    if not isinstance(entries, list):
        return {}
    return {e["id"]: e for e in entries if _has_id(e)}


def _has_id(entry) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("id"), str)


def differences(before: Snapshot, after: Snapshot):
    """(kind, id, name, words, numbers) for everything that differs, services first, each in id order.
    An entry the newer version left untouched is the very same object (changes.py), so is skipped at once,
    unless one of the schedules its contacts name has changed."""
    with _schema_pinned():  # read once for the whole comparison, not once a sentence
        found = list(_differences(before, after))
    yield from found


def _differences(before: Snapshot, after: Snapshot):
    labels = Vocabulary.from_schema()
    moved = {k for k in before.schedules.keys() | after.schedules.keys()
             if _published(before.schedules.get(k)) != _published(after.schedules.get(k))}
    since = after.services_since
    if since is not None and since[0] is before.services:
        keys = set(since[1])
    else:
        keys = {k for k in after.services if before.services.get(k) is not after.services[k]}
        keys |= before.services.keys() - after.services.keys()
    index = _HoursIndex.after(before, after, keys)
    if moved:
        keys |= {k for m in moved for k in index.naming.get(m, ()) if k in before.services}
    hours = {m: _schedule_moved(m, before.schedules, after.schedules) for m in moved}
    for key in sorted(keys):
        old, new = before.services.get(key), after.services.get(key)
        plain = index.contacts.get(key) if old is new and old is not None else None
        if plain is not None:  # untouched: only a schedule it names has changed
            words, numbers = [_hours_moved(label, value, *hours[h]) for label, value, h in plain if h in hours], []
            words = [w for w in words if w]
        elif old != new or (old is not None and new is not None and _hours_ids(new) & moved):
            words, numbers = service_words(old, new, labels, after.services, before.schedules, after.schedules)
        else:
            continue
        if words:
            yield "service", key, _text((new or old).get("name")) or key, tuple(words), tuple(numbers)
    for key in sorted(before.pathways.keys() | after.pathways.keys()):
        old, new = before.pathways.get(key), after.pathways.get(key)
        if old != new:
            words = pathway_words(old, new)
            if words:
                yield "pathway", key, _text((new or old).get("title")) or key, tuple(words), ()
    for key in sorted(before.situations.keys() | after.situations.keys()):
        old, new = before.situations.get(key), after.situations.get(key)
        if old != new:
            words = ["New situation on the SOS list." if old is None else "Taken off the SOS list." if new is None
                     else "Changed on the SOS list."]
            yield "situation", key, _text((new or old).get("title")) or key, tuple(words), ()


@dataclass
class _HoursIndex:
    """The services' contacts by the schedules they name, so that a schedule changed finds the services naming it,
    and says what changed for each, without reading them all. Built once, then kept up to date from one commit to
    the next for the services that changed."""
    services: dict  # the snapshot's services it describes
    naming: dict  # {schedule id: ids of the services whose contacts name it}
    contacts: dict  # {service id: ((label, value, schedule id), ...)}, or None for an entry that is not _plain

    @classmethod
    def after(cls, before: Snapshot, after: Snapshot, changed: set) -> "_HoursIndex":
        """After's index: before's, updated for `changed` (every id whose entry is not the very same object in both),
        or built whole the first time. Kept on `after` for the next commit."""
        old = before.hours_index
        if old is not None and old.services is before.services:
            # Handed on, not copied (a copy costs as much as building it): it then describes after's services, so
            # before, asked again, builds its own.
            index = old
            index.services = after.services
            for key in changed:
                for schedule in _hours_ids(before.services.get(key)):
                    index.naming[schedule].discard(key)
                index.contacts.pop(key, None)
                index._add(key, after.services.get(key))
        else:
            index = cls(after.services, {}, {})
            for key, entry in after.services.items():
                index._add(key, entry)
        object.__setattr__(after, "hours_index", index)
        return index

    def _add(self, key: str, entry) -> None:
        if entry is None:
            return
        for schedule in _hours_ids(entry):
            self.naming.setdefault(schedule, set()).add(key)
        self.contacts[key] = tuple((_text(c.get("label")) or "Contact", value, c["hours"])
                                   for c, value in _contact_values(entry)
                                   if isinstance(c.get("hours"), str)) if _plain(entry) else None


def _plain(entry: dict) -> bool:
    """True when every value of the entry (and of its contacts and review) equals itself: then, compared with
    itself, only its hours can read differently (a NaN, never equal to itself, goes the long way)."""
    values = list(entry.values()) + list(_dict(entry.get("review")).values())
    values += [v for c in _list_of(entry.get("contacts")) if isinstance(c, dict) for v in c.values()]
    if any(v != v for v in values):
        return False
    found = [value for _, value in _contact_values(entry)]
    return len(found) == len(set(found))


def _schedule_moved(schedule: str, before: dict, after: dict) -> tuple[str, str, bool]:
    """(its words before, its words after, whether what else a reader sees of it changed)."""
    return (_hours(schedule, before), _hours(schedule, after),
            _hours_detail(schedule, before) != _hours_detail(schedule, after))


def _hours_moved(label: str, value: str, then: str, now: str, detail: bool) -> str:
    """What _contact_words says of a contact left untouched whose schedule changed ("" for nothing)."""
    if then != now:
        return _stop(f"Hours of {label} {value} changed: {then or 'not stated'} → {now or 'not stated'}")
    return f"Opening times of {label} {value} changed." if detail else ""


_NOT_DESCRIBED = {"id", "last_changed"}  # the id is the entry itself; last_changed is written by the build
_LONG = 200  # text longer than this is not quoted in a sentence: the page shows it


def service_words(old: dict | None, new: dict | None, labels: Vocabulary, services: dict,
                  schedules_before: dict | None = None, schedules_after: dict | None = None) -> tuple[list, list]:
    """Every difference between two versions of one entry, in plain words: each field either has its own
    sentence here or is named by its title in the schema, so a field added to the schema later is covered too."""
    if old is None:
        return ["Added to the guide."], [n for _, n in _phones(new)]
    if new is None:
        return ["Removed from the guide."], []
    words, numbers = [], []
    said = {"name", "status", "contacts", "reach_via", "access", "how_to_access", "consent", "review", "levels",
            "needs", "areas", "ages", "sos", "summary", "description", "waiting_time"}
    if _text(old.get("name")) != _text(new.get("name")):
        words.append(f"Renamed from {_text(old.get('name'))} to {_text(new.get('name'))}.")
    if old.get("status", "active") != new.get("status", "active"):
        words.append(f"Status: {_label(labels.status, new.get('status', 'active')).lower()}.")
    if old.get("sos") != new.get("sos"):
        words.append("Now on the police SOS list." if new.get("sos") is True else "Taken off the police SOS list.")
    for name in ("summary", "description"):
        words += _text_words(_title(name), old.get(name), new.get(name), quote=name == "summary")
    for name, names in (("levels", labels.levels), ("needs", labels.needs), ("areas", labels.areas),
                        ("access", labels.access)):
        if old.get(name) != new.get(name):
            words.append(f"{_title(name)} changed to: {_list(new.get(name), names)}." if name in new
                         else f"{_title(name)}: now not stated in the sources.")
    if old.get("ages") != new.get("ages"):
        words.append(f"{_title('ages')} changed: {_ages(old.get('ages'))} → {_ages(new.get('ages'))}.")
    words += _contact_words(old, new, numbers, schedules_before or {}, schedules_after or {})
    if old.get("reach_via") != new.get("reach_via"):
        via = new.get("reach_via")
        target = services.get(via, {}).get("name", via) if isinstance(via, str) else None
        words.append(f"Now reached through {_text(target)}." if target else "No longer reached through another service.")
    if old.get("how_to_access") != new.get("how_to_access"):
        words.append("How to access changed.")  # the page itself shows the new text
    if old.get("consent") != new.get("consent"):
        words.append("Consent changed.")
    if old.get("waiting_time") != new.get("waiting_time"):
        wait = _dict(new.get("waiting_time"))
        as_of = parse_date(wait.get("as_of"))
        words.append(_stop(f"{_title('waiting_time')} now: {_text(wait.get('text'))}"
                           + (f" (as of {long_date(as_of)})" if as_of else "")) if wait.get("text")
                     else f"{_title('waiting_time')} no longer stated.")
    words += _review_words(old, new)
    for name in sorted((old.keys() | new.keys()) - said - _NOT_DESCRIBED, key=_field_order):
        if old.get(name) != new.get(name):
            words += _text_words(_title(name), old.get(name), new.get(name), quote=True)
    return words, numbers


def _review_words(old_entry: dict, new_entry: dict) -> list[str]:
    words = []
    confirmed = _confirmed(new_entry)
    if confirmed and confirmed != _confirmed(old_entry):
        day = parse_date(confirmed[0])
        words.append(f"Confirmed by the service ({confirmed[1]}, {long_date(day) if day else confirmed[0]}).")
    elif _confirmed(old_entry) and not confirmed:
        words.append("No longer marked as confirmed by the service.")
    old, new = _dict(old_entry.get("review")), _dict(new_entry.get("review"))
    if old.get("source_checked") != new.get("source_checked") and new.get("source_checked"):
        day = parse_date(new.get("source_checked"))
        words.append(f"Compared with its public sources on {long_date(day) if day else _text(new['source_checked'])}.")
    fields = _dict(_dict(_schema_fields("service").get("review")).get("properties"))
    for name in sorted((old.keys() | new.keys()) - {"confirmed", "source_checked"}):
        if old.get(name) != new.get(name):
            words += _text_words(_dict(fields.get(name)).get("title") or _humane(name), old.get(name), new.get(name),
                                 quote=True)
    return words


def _contact_words(old: dict, new: dict, numbers: list, schedules_before: dict, schedules_after: dict) -> list[str]:
    """Numbers, email addresses and web addresses added, changed or removed; and, for a contact kept, its hours
    (a schedule's published words, when its hours name one), label, source and whether it is to be confirmed."""
    words = []
    for kind, noun in (("phone", "number"), ("email", "email address"), ("url", "web address")):
        for label, was, now in _number_changes(_values(old, kind), _values(new, kind)):
            if was and now:
                words.append(f"{label} {noun} changed: {was} → {now}.")
            elif now:
                words.append(f"New {noun}, {label}: {now}.")
            else:
                words.append(f"{noun.capitalize()} removed, {label}: {was}.")
            if now and kind == "phone":
                numbers.append(now)
    before = {value: c for c, value in _contact_values(old)}
    fields = _schema_fields("contact")
    for c, value in _contact_values(new):
        was = before.get(value)
        if was is None:
            continue
        label = _text(c.get("label")) or "Contact"
        if c.get("to_confirm") is True and was.get("to_confirm") is not True:  # a detail already there, now in doubt
            words.append(f"{label} {value} marked to be confirmed.")
        elif was.get("to_confirm") is True and c.get("to_confirm") is not True:
            words.append(f"{label} {value} no longer marked to be confirmed.")
        said = _hours_moved(label, value, _hours(was.get("hours"), schedules_before),
                            _hours(c.get("hours"), schedules_after),
                            _hours_detail(was.get("hours"), schedules_before) != _hours_detail(c.get("hours"),
                                                                                               schedules_after))
        if said:
            words.append(said)
        for name in sorted((was.keys() | c.keys()) - {"phone", "email", "url", "to_confirm", "hours"}):
            if was.get(name) != c.get(name):
                title = _dict(fields.get(name)).get("title") or _humane(name)
                words.append(_stop(f"{label} {value}: {title.lower()} changed"
                                   + (f" to {_text(c.get(name))}" if isinstance(c.get(name), str) else "")))
    return words


def _hours(value, schedules: dict) -> str:
    """A contact's hours in words: the words of the schedule its hours name, or (older files) the words themselves."""
    if isinstance(value, str) and isinstance(schedules.get(value), dict):
        return _text(schedules[value].get("words"))
    return _text(value) if isinstance(value, str) else ""


def _hours_detail(value, schedules: dict):
    return _published(schedules.get(value)) if isinstance(value, str) else None


def _published(schedule) -> object:
    """What a reader can see of a schedule: everything but its id and its sources."""
    if not isinstance(schedule, dict):
        return schedule
    return {k: v for k, v in schedule.items() if k not in ("id", "source", "other_sources")}


def _hours_ids(entry) -> set:
    return {c["hours"] for c in _list_of(_dict(entry).get("contacts"))
            if isinstance(c, dict) and isinstance(c.get("hours"), str)}


def _text_words(title: str, was, now, quote: bool) -> list[str]:
    """A text (or any other) field: added, removed or changed, quoting short text."""
    if was == now:
        return []
    short = lambda v: isinstance(v, (str, int, float)) and len(_text(v)) <= _LONG  # noqa: E731
    if was is None:
        return [_stop(f"{title} added: {_text(now)}") if quote and short(now) else f"{title} added."]
    if now is None:
        return [f"{title} removed."]
    if isinstance(now, list) and all(isinstance(v, (str, int)) for v in now):
        return [_stop(f"{title} changed to: {', '.join(_text(v) for v in now) or 'none'}")]
    if quote and short(was) and short(now):
        return [_stop(f"{title} changed: {_text(was)} → {_text(now)}")]
    return [f"{title} changed."]


def _stop(sentence: str) -> str:
    """A full stop, unless the sentence already ends with one (quoted text often does)."""
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def _ages(ages) -> str:
    ages = _dict(ages)
    if not ages:
        return "not stated in sources"
    span = f"{ages['from']} to {ages['to']}" if "from" in ages and "to" in ages else ""
    return " ".join(x for x in (span, _text(ages.get("note"))) if x) or "not stated in sources"


_pinned: list = []  # the services schema, while differences() reads it once for a whole comparison


@contextmanager
def _schema_pinned():
    _pinned.append(services_schema())
    try:
        yield
    finally:
        _pinned.pop()


def _schema_fields(name: str) -> dict:
    try:
        return (_pinned[-1] if _pinned else services_schema())["$defs"][name]["properties"]
    except (KeyError, TypeError):
        return {}


def _title(name: str) -> str:
    return _dict(_schema_fields("service").get(name)).get("title") or _humane(name)


def _field_order(name: str):
    order = list(_schema_fields("service"))
    return (order.index(name) if name in order else len(order), name)


def _humane(name: str) -> str:
    return _text(name).replace("_", " ").capitalize()


def pathway_words(old: dict | None, new: dict | None) -> list[str]:
    if old is None:
        return ["New pathway."]
    if new is None:
        return ["Pathway removed."]
    words = []
    if _text(old.get("title")) != _text(new.get("title")):
        words.append(f"Renamed from {_text(old.get('title'))} to {_text(new.get('title'))}.")
    if old.get("summary") != new.get("summary"):
        words.append("Summary changed.")
    words += _parts_changed(old.get("steps"), new.get("steps"), "question", "New question: {}",
                            "Question removed: {}", "Question changed: {}")
    words += _parts_changed(old.get("outcomes"), new.get("outcomes"), "title", "New outcome: {}.",
                            "Outcome removed: {}.", "Outcome changed: {}.")
    return words


def _parts_changed(old, new, name: str, added: str, removed: str, changed: str) -> list[str]:
    """A pathway's steps or outcomes, each named by its question or title, that came, went or changed."""
    before, after, words = _dict(old), _dict(new), []
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        label = _text(_dict(now or was).get(name)) or key
        if was != now:
            words.append((added if was is None else removed if now is None else changed).format(label))
    return words


def _values(entry: dict, kind: str) -> list[tuple[str, str]]:
    default = {"phone": "Phone", "email": "Email", "url": "Web address"}[kind]
    return [(_text(c.get("label")) or default, c[kind]) for c in _list_of(entry.get("contacts"))
            if isinstance(c, dict) and isinstance(c.get(kind), str)]


def _contact_values(entry: dict) -> list[tuple[dict, str]]:
    out = []
    for c in _list_of(entry.get("contacts")):
        if isinstance(c, dict):
            value = next((c[k] for k in ("phone", "email", "url") if isinstance(c.get(k), str)), None)
            if value:
                out.append((c, value))
    return out


def _phones(entry: dict) -> list[tuple[str, str]]:
    return [(_text(c.get("label")) or "Phone", c["phone"]) for c in _list_of(entry.get("contacts"))
            if isinstance(c, dict) and isinstance(c.get("phone"), str)]


def _number_changes(old: list, new: list):
    """(label, old number or "", new number or ""): numbers kept under the same label are matched first, then
    whatever is left over in order, so one line whose label and number both changed reads as one change."""
    gone = [(label, n) for label, n in old if n not in {m for _, m in new}]
    came = [(label, n) for label, n in new if n not in {m for _, m in old}]
    out = []
    for label, now in list(came):
        match = next((pair for pair in gone if pair[0] == label), None)
        if match:
            gone.remove(match)
            came.remove((label, now))
            out.append((label, match[1], now))
    for (label, was), (_, now) in zip(list(gone), list(came)):
        out.append((label, was, now))
    pairs = min(len(gone), len(came))
    out += [(label, "", now) for label, now in came[pairs:]] + [(label, was, "") for label, was in gone[pairs:]]
    return out


def _confirmed(entry: dict):
    confirmed = _dict(_dict(entry.get("review")).get("confirmed"))
    return (_text(confirmed.get("on")), _text(confirmed.get("by"))) if confirmed else None


def _list(values, names: dict) -> str:
    return ", ".join(_label(names, v) for v in _list_of(values)) or "none"


def _label(names: dict, value) -> str:
    return names.get(value, _text(value))


def _list_of(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())
