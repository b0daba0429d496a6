"""Turn jsonschema's errors into messages an editor can act on: place, field, what is wrong, what is expected."""
from __future__ import annotations

import difflib
import json
from typing import Callable, Iterator

import jsonschema

from .load import Loaded
from .problems import Problem
from .schemas import TYPE_WORDS, expected, quickly_valid, validator

_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


class Context:
    """Turns a data path into a file position and a readable label such as '<service id> → <field>'."""

    def __init__(self, loaded: Loaded, label: Callable[[object, list], str], top_level: str):
        self.loaded = loaded
        self.filename = loaded.filename
        self.label_of = label
        self.top_level = top_level  # what the top of the file should hold, for messages

    def problem(self, path, message, expected="", at=None) -> Problem:
        line, col = self.loaded.where(at if at is not None else path)
        return Problem(self.filename, line, col, self.label_of(self.loaded.data, list(path)), message, expected)


def schema_problems(ctx: Context, root: dict) -> Iterator[Problem]:
    """Problems the loader noticed (duplicate keys, aliases), then every schema error, explained."""
    for path, message, hint in ctx.loaded.issues:
        yield ctx.problem(path, message, hint)
    if quickly_valid(root, ctx.loaded.data):  # the usual case: nothing to explain
        return
    for error in validator(root).iter_errors(ctx.loaded.data):
        yield from _explain(error, ctx, root)


def dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, (int, float)):
        return str(value)
    return "a list" if isinstance(value, list) else "a group of fields"


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "empty"
    return "a list" if isinstance(value, list) else "a group of fields"


def closest(word, choices) -> str:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _explain(error: jsonschema.ValidationError, ctx: Context, root: dict) -> Iterator[Problem]:
    path, value, rule, sub = list(error.absolute_path), error.instance, error.validator, error.schema
    if rule == "required":
        for name in error.validator_value:
            if isinstance(value, dict) and name not in value:
                field = sub.get("properties", {}).get(name, {})
                example = (field.get("examples") or [None])[0]
                hint = f"a '{name}:' line" + (f", e.g. {name}: {json.dumps(example, ensure_ascii=False)}" if example is not None else "")
                yield ctx.problem(path + [name], f"missing required field '{name}'", hint, at=path)
    elif rule == "additionalProperties":
        # Fields the build writes (readOnly, e.g. last_changed) are no suggestion for services.yaml.
        known = [name for name, field in sub.get("properties", {}).items() if not field.get("readOnly")]
        for name in value:
            if name not in known:
                yield ctx.problem(path + [name], f"unknown field '{name}'{closest(name, known)}",
                                  "one of: " + ", ".join(known))
    elif rule == "type":
        wanted = error.validator_value
        if wanted == "boolean" and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS | {"true", "false"}:
            yield ctx.problem(path, f"{_show(value)} is text, not true/false (older YAML reads it as a yes/no)",
                              "true or false, in lower case")
        elif wanted == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
            yield ctx.problem(path, f"{_show(value)} is a number, not text", "text: put the value in quotes")
        elif path == []:
            yield ctx.problem(path, f"the top level of the file is {_kind(value)}",
                              f"the fields {ctx.top_level} at the top level")
        else:
            yield ctx.problem(path, f"{_show(value)} is {_kind(value)}",
                              expected(sub, root, TYPE_WORDS.get(wanted, str(wanted))))
    elif rule == "enum":
        allowed = error.validator_value
        yield ctx.problem(path, f"{_show(value)} is not an allowed value{closest(value, allowed)}",
                          "one of: " + ", ".join(str(a) for a in allowed))
    elif rule in ("pattern", "format", "minLength"):
        described = {"format": "is not valid", "pattern": "is not in the right form", "minLength": "is empty"}[rule]
        yield ctx.problem(path, f"{_show(value)} {described}", expected(sub, root, "see the field reference"))
    elif rule == "maxLength":
        yield ctx.problem(path, f"the text is {len(value)} characters long", f"at most {error.validator_value}")
    elif rule == "minItems":
        count, least = len(value), error.validator_value
        yield ctx.problem(path, "the list is empty" if not count else f"the list has only {count} item{'s' if count > 1 else ''}",
                          f"at least {least} item{'s' if least > 1 else ''}")
    elif rule == "uniqueItems":
        seen, twice = set(), []
        for item in value:
            key = json.dumps(item, sort_keys=True)
            (twice.append(item) if key in seen else seen.add(key))
        yield ctx.problem(path, f"{', '.join(_show(t) for t in twice)} is listed twice", "each value once")
    elif rule == "dependentRequired":
        for name, needs in error.validator_value.items():
            missing = [n for n in needs if isinstance(value, dict) and name in value and n not in value]
            if missing:
                yield ctx.problem(path + [name], f"'{name}' is given without '{missing[0]}'",
                                  f"both '{name}' and '{missing[0]}', or neither", at=path)
    elif rule == "minProperties":
        yield ctx.problem(path, "nothing is filled in here", "the fields it needs, or leave it out altogether")
    elif rule in ("minimum", "maximum"):
        word = "at least" if rule == "minimum" else "at most"
        yield ctx.problem(path, f"{_show(value)} is out of range", f"{word} {error.validator_value}")
    else:
        yield ctx.problem(path, error.message, expected(sub, root))


