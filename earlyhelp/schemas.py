"""Everything about the JSON Schemas in one place: loading them, the custom formats, `$ref` resolution, the
compiled validators and the plain words for each type. Validation, the field reference and the exports use it."""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import jsonschema_rs
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import shortnumberinfo

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SERVICES = SCHEMA_DIR / "services.schema.json"
PATHWAY = SCHEMA_DIR / "pathway.schema.json"
SITUATIONS = SCHEMA_DIR / "situations.schema.json"

TYPE_WORDS = {"string": "text", "integer": "a whole number", "boolean": "true or false",
              "array": "a list (lines starting '- ', or [a, b])", "object": "a group of 'field: value' lines",
              "number": "a number"}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

formats = jsonschema.FormatChecker()


@formats.checks("uk-phone", raises=(phonenumbers.NumberParseException,))
def is_uk_phone(value) -> bool:
    if not isinstance(value, str) or re.search(r"[A-Za-z]", value):
        return False
    return _uk_phone(value)


@lru_cache(maxsize=None)  # the same numbers recur across services (the front door's, above all)
def _uk_phone(value: str) -> bool:
    number = phonenumbers.parse(value, "GB")
    return phonenumbers.is_valid_number(number) or shortnumberinfo.is_emergency_number(value, "GB")


@formats.checks("uk-dialable", raises=(phonenumbers.NumberParseException,))
def is_uk_dialable(value) -> bool:
    """A UK number, or a short one dialled as it is: national lines include 111 and 116 123."""
    if not isinstance(value, str) or re.search(r"[A-Za-z]", value):
        return False
    return is_uk_phone(value) or shortnumberinfo.is_valid_short_number(phonenumbers.parse(value, "GB"))


@formats.checks("email-address", raises=(EmailNotValidError,))
def is_email(value) -> bool:
    return not isinstance(value, str) or bool(validate_email(value, check_deliverability=False))


@formats.checks("https-url")
def is_https_url(value) -> bool:
    if not isinstance(value, str) or re.search(r"\s", value):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname)


def parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and _DATE.match(value) else None
    except ValueError:
        return None


@formats.checks("date")
def is_date(value) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


def services_schema() -> dict:
    return _read(SERVICES, _stamp(SERVICES))


def build_only_fields() -> list[str]:
    """Service fields the build writes into services.json (readOnly in the schema): never set in services.yaml."""
    return [name for name, sub in services_schema()["$defs"]["service"]["properties"].items() if sub.get("readOnly")]


def pathway_schema() -> dict:
    return _read(PATHWAY, _stamp(PATHWAY))


def situations_schema() -> dict:
    return _read(SITUATIONS, _stamp(SITUATIONS))


def _stamp(path: Path) -> tuple:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size  # a schema edited under `mkdocs serve` is read again


@lru_cache(maxsize=8)
def _read(path: Path, _stamp: tuple) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def resolve(sub: dict, root: dict) -> dict:
    """A subschema with its local `$ref` merged in (a `$ref`'s sibling keywords apply over it, as in 2020-12)."""
    ref = sub.get("$ref", "")
    base = root["$defs"][ref.split("/")[-1]] if ref.startswith("#/$defs/") else {}
    return {**base, **{k: v for k, v in sub.items() if k != "$ref"}}


def expected(sub: dict, root: dict, fallback: str = "") -> str:
    """The schema's own words for what a field should hold ('x-expected'), else the fallback."""
    return resolve(sub, root).get("x-expected", fallback)


@lru_cache(maxsize=8)
def _compiled(text: str) -> jsonschema.Draft202012Validator:
    root = json.loads(text)
    return jsonschema.Draft202012Validator(_inline_refs({k: v for k, v in root.items() if k != "$defs"},
                                                        root.get("$defs", {})), format_checker=formats)


def validator(root: dict) -> jsonschema.Draft202012Validator:
    return _compiled(json.dumps(root))  # keeps key order: messages list fields as the schema does


def _inline_refs(node, defs):
    """The schema with each local $ref replaced by its definition: validates twice as fast as resolving refs
    item by item. A $ref's sibling keywords still apply (2020-12 semantics), merged over the definition."""
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    base = _inline_refs(defs[ref.split("/")[-1]], defs) if ref.startswith("#/$defs/") else {}
    return {**base, **{key: _inline_refs(value, defs) for key, value in node.items() if key != "$ref"}}


def _as_predicate(check, raises):
    """A format check as jsonschema runs it: an expected exception means 'not in this format'."""
    def predicate(value) -> bool:
        try:
            return bool(check(value))
        except raises:
            return False
    return predicate


@lru_cache(maxsize=8)
def _fast(text: str) -> jsonschema_rs.Draft202012Validator:
    # Every format is checked by the very function jsonschema uses, so the two cannot disagree on one.
    checks = {name: _as_predicate(check, raises) for name, (check, raises) in formats.checkers.items()}
    return jsonschema_rs.Draft202012Validator(json.loads(text), validate_formats=True, ignore_unknown_formats=True,
                                              formats=checks)


def quickly_valid(root: dict, data) -> bool:
    """True when the data is valid, checked by a compiled validator (jsonschema-rs) about 30 times faster than
    jsonschema. Only the answer is used: when it says False, jsonschema finds and explains every error, and
    if jsonschema finds none, its answer stands (tests/test_validate.py checks the two agree)."""
    return _fast(json.dumps(root)).is_valid(data)
