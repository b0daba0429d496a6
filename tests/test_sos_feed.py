"""sos.json, the SOS list as data for the police app's owners: valid against its schema in the repo, the same
services and numbers as the page, and no doubtful number offered for an emergency."""
import copy
import json
import re

import jsonschema
import pytest

from earlyhelp import read_directory, sos_feed

from .conftest import ROOT, TODAY
from .sitebuild import fixture_data, write_services


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((ROOT / "schema" / "sos-feed.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_published_feed_is_valid_and_lists_what_the_page_lists(shipped_site, validator):
    published = json.loads((shipped_site / sos_feed.FEED_FILE).read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(published)] == []
    directory = read_directory(ROOT / "services.yaml")
    # Built on the build's own day (the published run uses the real date); the list is as old as its oldest check
    listed = (*directory.immediate_risk, *directory.sos())
    assert published["oldest_check"] == min(s.last_checked for s in listed).isoformat() <= published["generated"]
    assert [u["id"] for u in published["immediate_risk"]] == [s.id for s in directory.immediate_risk]
    page = (shipped_site / "sos" / "index.html").read_text(encoding="utf-8")
    on_page = re.findall(r'<li class="sos-item" id="svc-[a-z0-9-]+" data-id="([a-z0-9-]+)"', page)
    assert [s["id"] for s in published["services"]] == on_page == [s.id for s in directory.sos()]  # each once
    for entry in published["services"]:
        checked = directory.by_id[entry["id"]].source_checked.isoformat()  # the day each entry was really checked
        assert entry["confirmation"] == {"status": "not-confirmed", "sources_checked_on": checked}
        for number in entry["numbers"]:
            assert f'href="tel:{number["dial"]}"' in page


def test_no_number_to_be_confirmed_is_offered_for_an_emergency(tmp_path, validator):
    data = fixture_data()
    data["services"][1]["contacts"].insert(0, {"label": "Old line", "phone": "0191 498 0009", "source": "Old page",
                                               "to_confirm": True})
    directory = read_directory(write_services(tmp_path / "doubtful.yaml", data), TODAY)
    feed = sos_feed.feed(directory)
    assert validator.is_valid(feed)
    urgent = {u["id"]: [n["number"] for n in u["numbers"]] for u in feed["immediate_risk"]}
    assert urgent["icrt"] == ["0191 498 0001"]
    listed = next(s for s in feed["services"] if s["id"] == "icrt")
    # The one rule: a confirmed number before a doubtful one, whichever the file lists first
    assert [(n["number"], n["to_confirm"]) for n in listed["numbers"]] == [("0191 498 0001", False),
                                                                          ("0191 498 0009", True)]
    # The schema itself refuses a doubtful emergency number, so an app importing it can rely on that.
    tampered = copy.deepcopy(feed)
    tampered["immediate_risk"][1]["numbers"][0]["to_confirm"] = True
    assert not validator.is_valid(tampered)


def test_a_service_without_numbers_says_whose_numbers_it_carries(tmp_path):
    data = fixture_data()
    next(s for s in data["services"] if s["id"] == "youth-bus")["sos"] = True
    feed = sos_feed.feed(read_directory(write_services(tmp_path / "bus.yaml", data), TODAY))
    bus = next(s for s in feed["services"] if s["id"] == "youth-bus")
    assert bus["numbers_are_for"] == "icrt" and bus["numbers"][0]["number"] == "0191 498 0001"


def test_the_feed_carries_the_situations_and_the_lines_families_can_ring(shipped_site, validator):
    published = json.loads((shipped_site / sos_feed.FEED_FILE).read_text(encoding="utf-8"))
    directory = read_directory(ROOT / "services.yaml")
    assert [x["id"] for x in published["situations"]] == [x.id for x in directory.situations]
    services, lines = {s["id"] for s in published["services"]}, {line["id"] for line in published["lines"]}
    page = (shipped_site / "sos" / "index.html").read_text(encoding="utf-8")
    for situation in published["situations"]:
        assert set(situation["officer_services"]) | set(situation["services"]) <= services  # numbers live there
        assert set(situation["family_lines"]) <= lines
        assert f'id="{situation["page"].split("#")[1]}"' in page
    for line in published["lines"]:
        assert line["number"]["for_families"] and line["number"]["source"]
        assert f'href="tel:{line["number"]["dial"]}"' in page
    assert {"0808 2000 247", "0800 1111", "116 123", "111"} <= {line["number"]["number"] for line in published["lines"]}
    # The one SOS number sourced as the public's own: 999; professionals' lines are never marked for families.
    numbers = [n for s in published["services"] for n in s["numbers"]]
    assert {n["number"] for n in numbers if n["for_families"]} == {"999"}
