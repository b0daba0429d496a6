"""The contributor field reference, read from the schema so it can never drift from the validator."""
from __future__ import annotations

import json

from .schemas import TYPE_WORDS, build_only_fields, resolve, services_schema, situations_schema


def sections() -> list[dict]:
    s = services_schema()
    service = s["$defs"]["service"]
    props = service["properties"]
    return [
        _section("Top of the file", "", s, s),
        _section("Each service", "services", service, s),
        _section("Ages", "services → ages", props["ages"], s),
        _section("Each contact", "services → contacts", s["$defs"]["contact"], s),
        _section("Waiting time", "services → waiting_time", props["waiting_time"], s),
        _section("Review", "services → review", props["review"], s),
    ]


def situation_sections() -> list[dict]:
    """situations.yaml, the SOS list's situations and the national lines, read from its own schema."""
    s = situations_schema()
    return [
        _section("Top of situations.yaml", "", s, s),
        _section("Each situation", "situations", s["$defs"]["situation"], s),
        _section("Each national line", "lines", s["$defs"]["line"], s),
    ]


def _section(title: str, where: str, obj: dict, root: dict) -> dict:
    required = set(obj.get("required", ()))
    return {"title": title, "where": where,
            "fields": [_field(name, sub, name in required, root) for name, sub in obj["properties"].items()
                       if name not in build_only_fields()]}  # the reference is for editors of the data


def _field(name: str, sub: dict, required: bool, root: dict) -> dict:
    _resolve = lambda schema: resolve(schema, root)  # noqa: E731
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
