"""Open data: services.json, services.csv and the Open Referral UK feed, as views of one payload."""
import csv
import io
import json
import re
import uuid

import jsonschema
import pytest

from earlyhelp import exports, read_directory
from earlyhelp.load import load_text
from earlyhelp.model import build
from earlyhelp.schemas import build_only_fields
from earlyhelp.schemas import services_schema as schema
from earlyhelp.validate import problems

from .conftest import FIXTURES, ROOT, TODAY
from .sitebuild import build as build_site
from .sitebuild import fixture_project

ORUK_COMPILED = ROOT / "tests" / "oruk" / "uk-profile" / "compiled"
ORUK_SCHEMA = json.loads((ORUK_COMPILED / "service.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def directory():
    return read_directory(FIXTURES / "valid.yaml", TODAY)


@pytest.fixture(scope="module")
def oruk_validator():
    return jsonschema.Draft202012Validator(ORUK_SCHEMA, format_checker=jsonschema.FormatChecker())


def nulls(value, path="") -> list[str]:
    """Paths of every null or empty value: optional fields should be left out instead."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in nulls(v, f"{path}[{i}]")]
    return [path] if value is None or value == "" else []


# --- services.json ------------------------------------------------------------------------------------------

def test_published_data_is_valid_services_yaml_and_rebuilds_the_same_model(directory):
    published = exports.payload(directory)
    assert [str(p) for p in problems(load_text(json.dumps(published), "services.json"), TODAY)] == []
    assert build(published, TODAY).services == directory.services  # every field survives


@pytest.fixture(scope="module")
def full():
    """The fixture plus the contributor guide's template entry, which sets every field of the schema
    (tests/test_contributing.py checks that)."""
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    template = next(b for b in re.findall(r"^```yaml\n(.*?)^```$", guide, flags=re.M | re.S) if "- id:" in b)
    return build(load_text((FIXTURES / "valid.yaml").read_text(encoding="utf-8") + template, "t.yaml").data, TODAY)


def test_every_field_of_the_template_entry_survives_publishing(full):
    published = exports.payload(full)
    example = next(r for r in published["services"] if r["id"] == "example-family-hub")
    assert set(example) == set(schema()["$defs"]["service"]["properties"]) - set(build_only_fields())
    assert build(published, TODAY).services == full.services


def test_published_data_leaves_empty_optional_fields_out(directory):
    published = exports.payload(directory)
    youth_bus = next(r for r in published["services"] if r["id"] == "youth-bus")
    assert youth_bus["contacts"] == [] and youth_bus["reach_via"] == "icrt"  # required, so kept even when empty
    assert "languages" not in youth_bus and "waiting_time" not in youth_bus and "cultural_support" not in youth_bus
    assert youth_bus["status"] == "active" and youth_bus["sos"] is False  # default filled in; false is a value
    assert nulls(published) == []


# --- services.csv -----------------------------------------------------------------------------------------

def test_csv_has_a_bom_one_row_per_service_and_flattened_lists_and_contacts(directory):
    text = exports.services_csv(exports.payload(directory)["services"],
                                {k: v.words for k, v in directory.schedules.items()})
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with it
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["id"] for r in rows] == [s.id for s in directory.services]
    icrt = next(r for r in rows if r["id"] == "icrt")
    assert icrt["levels"] == "3; 4" and icrt["needs"] == "safeguarding; early-help-advice"
    assert icrt["contacts"] == ("Referrals: 0191 498 0001 (Mon–Fri 09:00–17:00); Mailbox: frontdoor@example.org; "
                                "Web page: https://example.org/front-door")
    assert icrt["contact_sources"] == "Test fixture"
    assert icrt["ages_from"] == "0" and icrt["review_source_checked"] == "2026-01-01" and icrt["sos"] == "true"


def test_csv_columns_cover_every_schema_field():
    columns = exports.csv_columns()
    for field in schema()["$defs"]["service"]["properties"]:
        assert any(c == field or c.startswith(field + "_") or (field == "contacts" and c.startswith("contact"))
                   for c in columns), field


def test_csv_cells_that_look_like_formulas_stay_text():
    row = exports.csv_row({"summary": "=HYPERLINK(\"https://example.org\")", "description": "- a list",
                           "name": "Plain", "levels": [1, 2]})
    assert row == {"summary": "'=HYPERLINK(\"https://example.org\")", "description": "'- a list", "name": "Plain",
                   "levels": "1; 2"}


def test_open_data_page_lists_every_csv_column():
    page = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    listed = page[page.index("The columns, in order:"):]
    listed = re.findall(r"`([a-z0-9_]+)`", listed[: listed.index("\n\n")])
    assert listed == exports.csv_columns()


# --- Open Referral UK ---------------------------------------------------------------------------------------

def test_every_oruk_service_validates_against_the_uk_profile(full, oruk_validator):
    published = exports.payload(full)
    for record in published["services"]:
        service = exports.oruk_service(record, full)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in oruk_validator.iter_errors(service)]
        assert errors == [], record["id"]
        # An address's postcode and county are required by the profile but given by no source: left empty, not guessed
        unknown = re.compile(r"\.service_at_locations\[0\]\.location\.addresses\[0\]\.(postal_code|state_province)$")
        assert [p for p in nulls(service) if not unknown.search(p)] == [], record["id"]


def test_the_validator_really_checks_formats(oruk_validator):
    assert not oruk_validator.is_valid({"id": "not-a-uuid", "name": "x", "status": "active"})
    assert not oruk_validator.is_valid({"id": exports.stable_id("service", "x"), "name": "x", "status": "closed"})


def test_stable_ids_are_exactly_uuid5():
    for kind, key in (("service", ("icrt",)), ("attribute", ("x", "needs", "parenting")), ("term", ("levels", 2))):
        assert exports.stable_id(kind, *key) == str(uuid.uuid5(exports.NAMESPACE, f"{kind}:" + "/".join(map(str, key))))


def test_oruk_ids_are_stable_uuid5s_of_the_service_id(directory):
    # Pinned: changing the namespace or the key would break every consumer's stored ids.
    assert exports.stable_id("service", "icrt") == "6109accd-80f6-58e3-95d0-a0fae0fd2000"
    icrt = exports.oruk_service(exports.record(directory.by_id["icrt"], directory), directory)
    assert icrt["id"] == exports.stable_id("service", "icrt")
    assert icrt["organization"]["id"] == icrt["organization_id"] == exports.stable_id("organisation", "Example council")
    edt = exports.oruk_service(exports.record(directory.by_id["emergency-duty-team"], directory), directory)
    assert edt["organization_id"] == icrt["organization_id"]  # one organisation, one id


def test_oruk_service_maps_the_guides_fields(directory):
    icrt = exports.oruk_service(exports.record(directory.by_id["icrt"], directory), directory)
    assert icrt["status"] == "active" and icrt["minimum_age"] == 0 and icrt["maximum_age"] == 18
    assert icrt["url"] == "https://example.org/front-door" and icrt["email"] == "frontdoor@example.org"
    assert [p["number"] for p in icrt["phones"]] == ["0191 498 0001"]
    # Opening times as Open Referral UK schedules, from the one schedule each contact names
    assert [(x["byday"], x["opens_at"], x["closes_at"]) for x in icrt["schedules"]] == [
        ("MO,TU,WE,TH,FR", "09:00:00", "17:00:00")]
    assert "Bank holidays: closed." in icrt["schedules"][0]["notes"]
    # assured: the service confirmed it (2 January); our own check of the sources (1 January) is not assurance
    assert icrt["assured_date"] == "2026-01-02" and icrt["service_areas"][0]["name"] == "Sunderland"
    assert "Not yet confirmed" not in icrt.get("alert", "")
    edt = exports.oruk_service(exports.record(directory.by_id["emergency-duty-team"], directory), directory)
    assert "assured_date" not in edt
    # The out-of-hours line is open whenever the office is closed: evenings, nights and the whole weekend
    assert [(x["byday"], x["opens_at"], x["closes_at"]) for x in edt["schedules"]] == [
        ("MO,TU,WE,TH,FR", "00:00:00", "09:00:00"), ("MO,TU,WE,TH,FR", "17:00:00", "23:59:59"),
        ("SA,SU", "00:00:00", "23:59:59")]
    assert "Not yet confirmed by the service: compiled from public pages checked on 2026-01-01." in edt["alert"]
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in icrt["attributes"]}
    assert ("Sunderland early help guide: need", "early-help-advice") in terms
    youth_bus = exports.oruk_service(exports.record(directory.by_id["youth-bus"], directory), directory)
    assert "through Front door team" in youth_bus["alert"] and "phones" not in youth_bus
    assert [a["name"] for a in youth_bus["service_areas"]] == ["Sunderland: East", "Sunderland: West"]


def test_retired_and_closed_services_map_to_oruk_statuses(directory):
    record = exports.record(directory.by_id["youth-bus"], directory)
    for ours, theirs in (("retired", "defunct"), ("temporarily-closed", "temporarily closed")):
        assert exports.oruk_service({**record, "status": ours}, directory)["status"] == theirs


def test_pagination():
    items = [{"n": i} for i in range(120)]
    pages = exports.oruk_pages(items, size=50)
    assert [(p["page_number"], len(p["contents"]), p["first_page"], p["last_page"]) for p in pages] == [
        (1, 50, True, False), (2, 50, False, False), (3, 20, False, True)]
    assert [p["size"] for p in pages] == [50, 50, 20]   # services on the page, as the profile defines it
    assert {(p["total_items"], p["total_pages"], p["empty"]) for p in pages} == {(120, 3, False)}
    assert exports.oruk_pages([]) == [{"total_items": 0, "total_pages": 1, "page_number": 1, "size": 0,
                                       "first_page": True, "last_page": True, "empty": True, "contents": []}]


# --- written by the build -----------------------------------------------------------------------------------

# (shipped_site: the session's one build of the shipped data, from conftest.py)

def test_the_build_writes_every_export(shipped_site, oruk_validator):
    directory = read_directory(ROOT / "services.yaml")
    assert json.loads((shipped_site / "services.json").read_text(encoding="utf-8")) == exports.payload(directory)
    assert (shipped_site / "services.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    listing = json.loads((shipped_site / "oruk" / "services.json").read_text(encoding="utf-8"))
    assert listing["total_items"] == len(directory.services) and listing["page_number"] == 1
    pages = sorted((shipped_site / "oruk" / "services").glob("page-*.json"))
    assert len(pages) == listing["total_pages"]
    assert json.loads(pages[0].read_text(encoding="utf-8")) == listing
    singles = [p for p in (shipped_site / "oruk" / "services").glob("*.json") if not p.name.startswith("page-")]
    assert len(singles) == len(directory.services)
    for path in singles:
        service = json.loads(path.read_text(encoding="utf-8"))
        assert path.stem == service["id"]
        assert list(oruk_validator.iter_errors(service)) == [], path.name


def test_open_data_page_links_resolve(shipped_site):
    page = shipped_site / "open-data" / "index.html"
    for href in re.findall(r'href="(\.\./[^"#]+)"', page.read_text(encoding="utf-8")):
        target = (page.parent / href).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href
    assert 'href="../services.csv"' in page.read_text(encoding="utf-8")


def test_fixture_build_writes_exports_from_its_own_data(tmp_path):
    result = build_site(fixture_project(tmp_path / "p"), FIXTURES / "valid.yaml", tmp_path / "s")
    assert result.returncode == 0, result.stderr
    published = json.loads((tmp_path / "s" / "services.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in published["services"]] == [s.id for s in read_directory(FIXTURES / "valid.yaml").services]
