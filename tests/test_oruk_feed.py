"""The Open Referral UK feed as its users check it: every file the build writes in oruk/ validates against the
UK profile's published OpenAPI document and compiled schemas (tests/oruk/uk-profile/, vendored), with formats
checked (uri, date-time, uuid, email), and against the feed's own openapi.json, whose every path is a file."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from earlyhelp import exports, oruk_api

from .conftest import ROOT

PROFILE = ROOT / "tests" / "oruk" / "uk-profile"
PROFILE_OPENAPI = "urn:oruk:uk-profile:openapi"
FEED_OPENAPI = "urn:eh:oruk:openapi"
UUID_FILE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$")


def _resource(document: dict) -> Resource:
    return Resource.from_contents(document, default_specification=DRAFT202012)


def _response(openapi_uri: str, path: str) -> dict:
    """A reference to the JSON schema of a path's 200 response inside an OpenAPI document."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {"$ref": f"{openapi_uri}#/paths/{pointer}/get/responses/200/content/application~1json/schema"}


@pytest.fixture(scope="module")
def feed(shipped_site) -> Path:
    return shipped_site / "oruk"


@pytest.fixture(scope="module")
def registry(feed) -> Registry:
    """The profile's schemas under the addresses its OpenAPI document uses for them, so nothing is fetched."""
    compiled = {oruk_api.SCHEMAS + p.name: _resource(json.loads(p.read_text(encoding="utf-8")))
                for p in (PROFILE / "compiled").glob("*.json")}
    return Registry().with_resources([
        *compiled.items(),
        (PROFILE_OPENAPI, _resource(json.loads((PROFILE / "openapi.json").read_text(encoding="utf-8")))),
        (FEED_OPENAPI, _resource(json.loads((feed / oruk_api.OPENAPI_FILE).read_text(encoding="utf-8")))),
    ])


def errors(registry: Registry, schema: dict, document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(document)]


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_formats_are_really_checked():
    # jsonschema checks uri and date-time only with its format extras (rfc3986-validator, rfc3339-validator)
    checker = jsonschema.FormatChecker()
    assert not checker.conforms("sunderland.gov.uk/early-help", "uri")
    assert not checker.conforms("2026-11-27 09:00", "date-time")
    assert checker.conforms("https://example.org/a", "uri") and checker.conforms("2026-11-27T09:00:00Z", "date-time")


def test_api_information_document(feed, registry):
    info = read(feed / oruk_api.INFO_FILE)
    assert errors(registry, _response(PROFILE_OPENAPI, "/"), info) == []
    assert errors(registry, _response(FEED_OPENAPI, f"/{oruk_api.INFO_FILE}"), info) == []
    assert info["version"] == "HSDS-UK-3.0"   # the name the profile's validator reads from `/`


def test_api_information_gives_the_openapi_address_once_the_site_has_one(registry):
    info = oruk_api.api_info("https://guide.example.org/")
    assert info["openapi_url"] == "https://guide.example.org/oruk/openapi.json"
    assert errors(registry, _response(PROFILE_OPENAPI, "/"), info) == []
    assert "openapi_url" not in oruk_api.api_info("")   # a relative address is not a uri


def test_every_listing_page_validates_and_its_counts_add_up(feed, registry):
    pages = [feed / "services.json", *sorted((feed / "services").glob("page-*.json"))]
    first = read(pages[0])
    assert len(pages) == first["total_pages"] + 1 and read(pages[1]) == first
    for path in pages:
        page = read(path)
        assert errors(registry, _response(PROFILE_OPENAPI, "/services"), page) == [], path.name
        assert errors(registry, _response(FEED_OPENAPI, "/services/page-{page}.json"), page) == [], path.name
        # The pagination checks the profile's validator makes of every page it reads.
        n = page["page_number"]
        assert page["size"] == len(page["contents"]) <= exports.PAGE_SIZE, path.name
        assert page["empty"] == (not page["contents"]), path.name
        assert (page["first_page"], page["last_page"]) == (n == 1, n == page["total_pages"]), path.name
        assert page["total_items"] == first["total_items"] and page["total_pages"] == first["total_pages"]
    listed = [s["id"] for path in pages[1:] for s in read(path)["contents"]]
    assert len(listed) == len(set(listed)) == first["total_items"]


def test_every_service_file_validates(feed, registry):
    singles = [p for p in (feed / "services").glob("*.json") if UUID_FILE.match(p.name)]
    assert len(singles) == read(feed / "services.json")["total_items"]
    listed = {s["id"]: s for p in (feed / "services").glob("page-*.json") for s in read(p)["contents"]}
    for path in singles:
        service = read(path)
        assert errors(registry, _response(PROFILE_OPENAPI, "/services/{id}"), service) == [], path.name
        assert errors(registry, _response(FEED_OPENAPI, "/services/{id}.json"), service) == [], path.name
        assert path.stem == service["id"] and listed[service["id"]] == service


def test_every_path_in_the_feeds_openapi_is_a_file(feed):
    described = read(feed / oruk_api.OPENAPI_FILE)
    assert described["servers"] == [{"url": ".", "description": "the folder this document is in"}]
    total_pages = read(feed / "services.json")["total_pages"]
    ids = [s["id"] for s in read(feed / "services.json")["contents"]]
    for template in described["paths"]:
        values = {"page": range(1, total_pages + 1), "id": ids}
        names = re.findall(r"\{(\w+)\}", template)
        assert len(names) <= 1, template
        files = [template.replace(f"{{{names[0]}}}", str(v)) for v in values[names[0]]] if names else [template]
        assert files and all((feed / f.lstrip("/")).is_file() for f in files), template
