"""The contributor guide stays true: its template entry is valid and complete against the schema, its example
messages are ones the check really prints, and its links point at one repository."""
import re

import pytest
import yaml

from earlyhelp.load import load, load_text
from earlyhelp.schemas import services_schema as schema
from earlyhelp.validate import problems

from .conftest import ROOT, TODAY

GUIDE = ROOT / "docs" / "editing.md"


class _Config(yaml.BaseLoader):
    """Reads mkdocs.yml as text values, ignoring tags such as !!python/name: that MkDocs configs may use."""


for _prefix in ("tag:yaml.org,2002:python/", "!"):
    _Config.add_multi_constructor(_prefix, lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Config)


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.M | re.S)


@pytest.fixture(scope="module")
def template() -> str:
    blocks = [b for b in fenced(GUIDE.read_text(encoding="utf-8"), "yaml") if "- id:" in b]
    assert len(blocks) == 1, "docs/editing.md should have exactly one template entry"
    return blocks[0]


def with_template(template: str) -> str:
    """The shipped file with the template pasted at the end, as an editor would (its hours name a schedule there)."""
    return (ROOT / "services.yaml").read_text(encoding="utf-8") + template


def schema_fields() -> dict[tuple[str, ...], dict]:
    """Every field of a service entry, by path (e.g. ('contacts', 'phone')), with its schema and requiredness."""
    defs = schema()["$defs"]
    resolve = lambda sub: {**defs[sub["$ref"].split("/")[-1]], **sub} if "$ref" in sub else sub  # noqa: E731
    fields = {}

    def walk(obj, prefix):
        required = set(obj.get("required", ()))
        for name, sub in obj["properties"].items():
            if sub.get("readOnly"):  # written by the build into services.json, never by an editor
                continue
            sub = resolve(sub)
            fields[prefix + (name,)] = {**sub, "is_required": name in required}
            inner = resolve(sub["items"]) if sub.get("type") == "array" and "items" in sub else sub
            if "properties" in inner:
                walk(inner, prefix + (name,))

    walk(defs["service"], ())
    return fields


def template_fields(template: str) -> dict[tuple[str, ...], str]:
    """Each field written in the template (list indexes dropped), with the comment lines just above its first use."""
    loaded = load_text(with_template(template), "t.yaml")
    last = len(loaded.data["services"]) - 1
    lines = with_template(template).splitlines()
    found = {}
    for path, (line, _col) in sorted(loaded.positions.items(), key=lambda item: item[1]):
        if path[:2] != ("services", last) or len(path) < 3 or not isinstance(path[-1], str):
            continue
        key = tuple(p for p in path[2:] if isinstance(p, str))
        comment, n = [], line - 2
        while n >= 0 and lines[n].lstrip().startswith("#"):
            comment.insert(0, lines[n].strip().lstrip("# "))
            n -= 1
        starts = [i for i, text in enumerate(comment) if text.startswith(f"{key[-1]}:")]
        found.setdefault(key, " ".join(comment[starts[-1]:] if starts else comment))
    return found


def test_template_entry_is_valid(template):
    found = [str(p) for p in problems(load_text(with_template(template), "services.yaml"), TODAY)]
    assert found == []


def test_template_entry_has_every_schema_field(template):
    assert set(template_fields(template)) == set(schema_fields())


def test_template_comments_say_required_or_optional_and_list_allowed_values(template):
    written = template_fields(template)
    for path, field in schema_fields().items():
        comment = written[path]
        assert comment.startswith(f"{path[-1]}: "), (path, comment)
        word = "REQUIRED" if field["is_required"] else "OPTIONAL"
        assert word in comment and ("OPTIONAL" if field["is_required"] else "REQUIRED") not in comment.split(".")[0], (
            path, comment)
        allowed = field.get("enum") or field.get("items", {}).get("enum") or []
        for value in allowed:
            assert re.search(rf"(?<![\w-]){re.escape(str(value))}(?![\w-])", comment), (path, value)


def test_template_uses_only_reserved_example_contacts(template):
    data = yaml.safe_load(template)[0]
    for contact in data["contacts"]:
        value = contact.get("phone") or contact.get("email") or contact.get("url")
        assert re.fullmatch(r"0191 498 0\d{3}|[\w.]+@example\.org|https://example\.org/.*", value), value
    assert not re.search(r"\b0\d{3} ?\d{3} ?\d{4}\b", template.replace("0191 498 0", "")), "a real-looking number"


def test_example_messages_are_real_messages_from_the_broken_fixture(monkeypatch):
    monkeypatch.chdir(ROOT)
    real = {f"{p.line}:{p.column}: {p.detail}" for p in problems(load("tests/fixtures/broken.yaml"), TODAY)}
    guide = GUIDE.read_text(encoding="utf-8")
    shown = [line for block in fenced(guide, "text") for line in block.splitlines()
             if line.startswith("services.yaml:")]
    assert len(shown) >= 8
    for line in shown:
        assert line.removeprefix("services.yaml:") in real, line


def test_the_guide_covers_what_the_issue_asks():
    guide = GUIDE.read_text(encoding="utf-8")
    for heading in ("What never goes in", "Change a service", "Add a service", "Retire a service",
                    "The template entry", "Reading a check message", "How reviews work",
                    "Checking on your own computer"):
        assert f"## {heading}" in guide, heading
    for must in ("individual child", "personal", "team mailboxes", "12 months", "status: retired",
                 "pre-commit install", "Files changed"):
        assert must in guide, must


def test_contributing_points_to_the_guide_and_documents_pre_commit():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "](docs/editing.md)" in contributing
    assert "pre-commit install" in contributing and "check-services" in contributing
    nav = mkdocs_config()["nav"]
    assert "editing.md" in str(nav) and "open-data.md" in str(nav) and "data-health.md" in str(nav)


def test_every_link_to_the_repository_uses_the_configured_address():
    repository = mkdocs_config()["extra"]["repository"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository)
    for path in (GUIDE, ROOT / "docs" / "open-data.md", ROOT / "CONTRIBUTING.md"):
        for link in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", path.read_text(encoding="utf-8")):
            assert link == repository, f"{path.name}: {link}"
