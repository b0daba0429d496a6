"""Two versions of the data compared, in plain words (changes.py reads the versions from git).

Old versions may not pass today's checks, so everything here reads defensively: a field that is missing or of
another shape is compared as it is, and an entry without an id is skipped. Words never depend on a commit
message, only on the data; the same data in another layout gives no words at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .model import Vocabulary
from .render import long_date
from .schemas import parse_date


@dataclass(frozen=True)
class Snapshot:
    """One commit's data: services, pathways and situations by id (the last readable version of each file)."""
    services: dict = field(default_factory=dict)
    pathways: dict = field(default_factory=dict)
    situations: dict = field(default_factory=dict)

    def updated(self, tree: dict, read, services: str, situations: str | None, pathways: str | None) -> "Snapshot":
        """The snapshot after a commit whose files are `tree` (path -> blob); read(path, blob) -> data or None
        when that version cannot be read, in which case the previous one stands."""
        new = self
        data = read(services, tree[services]) if services in tree else {}
        if data is not None:
            new = replace(new, services=_by_id(data.get("services") if isinstance(data, dict) else None))
        if situations:
            data = read(situations, tree[situations]) if situations in tree else {}
            if data is not None:
                new = replace(new, situations=_by_id(data.get("situations") if isinstance(data, dict) else None))
        if pathways:
            found = {}
            for path, blob in tree.items():
                if path.startswith(pathways.rstrip("/") + "/") and path.endswith((".yaml", ".yml")):
                    key = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
                    data = read(path, blob)
                    if isinstance(data, dict) or key in self.pathways:
                        found[key] = data if isinstance(data, dict) else self.pathways[key]
            new = replace(new, pathways=found)
        return new


def _by_id(entries) -> dict:
    if not isinstance(entries, list):
        return {}
    return {e["id"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def differences(before: Snapshot, after: Snapshot):
    """(kind, id, name, words, numbers) for everything that differs, services first, each in id order."""
    labels = Vocabulary.from_schema()
    for key in sorted(before.services.keys() | after.services.keys()):
        old, new = before.services.get(key), after.services.get(key)
        if old != new:
            words, numbers = service_words(old, new, labels, after.services)
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
        if (old is None) != (new is None):
            words = ["New situation on the SOS list." if new else "Taken off the SOS list."]
            yield "situation", key, _text((new or old).get("title")) or key, tuple(words), ()


def service_words(old: dict | None, new: dict | None, labels: Vocabulary, services: dict) -> tuple[list, list]:
    if old is None:
        return ["Added to the guide."], [n for _, n in _phones(new)]
    if new is None:
        return ["Removed from the guide."], []
    words, numbers = [], []
    if _text(old.get("name")) != _text(new.get("name")):
        words.append(f"Renamed from {_text(old.get('name'))} to {_text(new.get('name'))}.")
    if old.get("status", "active") != new.get("status", "active"):
        words.append(f"Status: {_label(labels.status, new.get('status', 'active')).lower()}.")
    for label, was, now in _number_changes(_phones(old), _phones(new)):
        if was and now:
            words.append(f"{label} number changed: {was} → {now}.")
        elif now:
            words.append(f"New number, {label}: {now}.")
        else:
            words.append(f"Number removed, {label}: {was}.")
        if now:
            numbers.append(now)
    if old.get("reach_via") != new.get("reach_via"):
        via = new.get("reach_via")
        target = services.get(via, {}).get("name", via) if isinstance(via, str) else None
        words.append(f"Now reached through {_text(target)}." if target else "No longer reached through another service.")
    if old.get("access") != new.get("access"):
        words.append("Routes in changed to: " + _list(new.get("access"), labels.access) + ".")
    if old.get("how_to_access") != new.get("how_to_access"):
        words.append("How to access changed.")  # the page itself shows the new text
    if old.get("consent") != new.get("consent"):
        words.append("Consent changed.")
    confirmed = _confirmed(new)
    if confirmed and confirmed != _confirmed(old):
        day = parse_date(confirmed[0])
        words.append(f"Confirmed by the service ({confirmed[1]}, {long_date(day) if day else confirmed[0]}).")
    was = {value: doubted for _, value, doubted in _contacts(old)}
    for label, value, doubted in _contacts(new):
        if doubted and was.get(value) is False:  # a detail already there, now in doubt
            words.append(f"{label} {value} marked to be confirmed.")
    return words, numbers


def pathway_words(old: dict | None, new: dict | None) -> list[str]:
    if old is None:
        return ["New pathway."]
    if new is None:
        return ["Pathway removed."]
    words = []
    before, after = _dict(old.get("outcomes")), _dict(new.get("outcomes"))
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        title = _text(_dict(now or was).get("title")) or key
        if was is None:
            words.append(f"New outcome: {title}.")
        elif now is None:
            words.append(f"Outcome removed: {title}.")
        elif was != now:
            words.append(f"Outcome changed: {title}.")
    return words


def _phones(entry: dict) -> list[tuple[str, str]]:
    return [(_text(c.get("label")) or "Phone", c["phone"]) for c in _list_of(entry.get("contacts"))
            if isinstance(c, dict) and isinstance(c.get("phone"), str)]


def _contacts(entry: dict) -> list[tuple[str, str, bool]]:
    """(label; phone, email or address; whether it is marked to be confirmed) of each contact."""
    out = []
    for c in _list_of(entry.get("contacts")):
        if isinstance(c, dict):
            value = next((c[k] for k in ("phone", "email", "url") if isinstance(c.get(k), str)), None)
            if value:
                out.append((_text(c.get("label")) or "Contact", value, c.get("to_confirm") is True))
    return out


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
