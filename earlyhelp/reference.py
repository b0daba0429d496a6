"""The contributor field reference, read from the schema so it can never drift from the validator."""
from __future__ import annotations

import json

from .schemas import TYPE_WORDS, build_only_fields, resolve, services_schema


def sections() -> list[dict]:
    s = services_schema()
    service = s["$defs"]["service"]
    props = service["properties"]
    return [
        _section("Top of the file", "", s),
        _section("Each service", "services", service),
        _section("Ages", "services → ages", props["ages"]),
        _section("Each contact", "services → contacts", s["$defs"]["contact"]),
        _section("Waiting time", "services → waiting_time", props["waiting_time"]),
        _section("Review", "services → review", props["review"]),
    ]


def _section(title: str, where: str, obj: dict) -> dict:
    required = set(obj.get("required", ()))
    return {"title": title, "where": where,
            "fields": [_field(name, sub, name in required) for name, sub in obj["properties"].items()
                       if name not in build_only_fields()]}  # the reference is for editors of services.yaml


def _field(name: str, sub: dict, required: bool) -> dict:
    resolved = _resolve(sub)
    items = _resolve(resolved.get("items", {})) if resolved.get("type") == "array" else {}
    allowed = resolved.get("enum") or items.get("enum") or []
    titles = resolved.get("x-enum-titles") or items.get("x-enum-titles") or {}
    example = (sub.get("examples") or [None])[0]
    return {
        "name": name,
        "title": sub.get("title", name),
        "description": sub.get("description", ""),
        "required": required,
        "kind": _kind(resolved, items),
        "allowed": [(str(v), titles.get(str(v), "")) for v in allowed],
        "example": "" if example is None else json.dumps(example, ensure_ascii=False),
    }


def _resolve(sub: dict) -> dict:
    return resolve(sub, services_schema())


def _kind(sub: dict, items: dict) -> str:
    if "x-expected" in sub:
        return sub["x-expected"]
    if sub.get("type") == "array":
        return "a list of " + ("values from the list below" if items.get("enum") else _kind(items, {}))
    if "enum" in sub:
        return "one value from the list below"
    if sub.get("type") == "object":
        return "a group of fields (see its section)"
    return TYPE_WORDS.get(sub.get("type"), "see the sections below")
