"""Safe in the hardest cases: the family hubs each with its street (on the page and in the Open Referral UK feed),
areas only where a source gives them, review dates as they really were, levels shown as the guide's suggestion,
and reach_via worded the same way on the Data health page as on the service pages."""
import datetime as dt
import json
import re

import jsonschema

from earlyhelp import exports, read_directory
from earlyhelp.health import health
from earlyhelp.render import render
from earlyhelp.settings import Settings
from earlyhelp.worklist import PARTNERSHIP, questions

from .conftest import ROOT, TODAY

RESEARCH = (ROOT / "sources" / "research.md").read_text(encoding="utf-8")
HUBS = {"rainbow-family-hub": ("Elliott Terrace", "Washington", ("washington",)),
        "bunny-hill-family-hub": ("Hylton Lane, Hylton Castle", "Sunderland", ("north",)),
        "coalfield-family-hub": ("Welfare Road", "Hetton", ("coalfield",)),
        "winnibell-family-hub": ("Lombard Street, Hendon", "Sunderland", ()),
        "thorney-close-family-hub": ("Thorney Close Action and Enterprise Centre", "Sunderland", ("west",))}
PROFILE = json.loads((ROOT / "tests" / "oruk" / "uk-profile" / "compiled" / "service.json").read_text(encoding="utf-8"))


def shipped():
    return read_directory(ROOT / "services.yaml", TODAY)


def test_each_family_hub_has_its_street_from_the_research_notes():
    directory = shipped()
    for hub, (street, town, areas) in HUBS.items():
        s = directory.by_id[hub]
        assert (s.location.address_1, s.location.city, s.location.country) == (street, town, "GB"), hub
        assert s.location.postal_code == "" and s.location.source, hub  # no source gives a postcode
        assert street.split(",")[0] in RESEARCH, hub
        assert s.areas == areas and s.sos, hub  # the SOS list names family hubs as where a family can go
        assert not s.contacts and s.reach_via == "early-help-advice", hub


def test_the_feed_carries_each_hubs_street_as_a_physical_address():
    directory = shipped()
    validator = jsonschema.Draft202012Validator(PROFILE, format_checker=jsonschema.FormatChecker())
    for hub, (street, town, _areas) in HUBS.items():
        record = exports.record(directory.by_id[hub], directory)
        service = exports.oruk_service(record, directory)
        assert list(validator.iter_errors(service)) == [], hub
        [link] = service["service_at_locations"]
        location = link["location"]
        [address] = location["addresses"]
        assert link["service_id"] == service["id"] and link["location_id"] == location["id"] == address["location_id"]
        assert location["location_type"] == address["address_type"] == "physical"
        assert (address["address_1"], address["city"], address["country"]) == (street, town, "GB")
        assert address["postal_code"] == "" and "Postcode not stated in the sources" in location["description"]
        assert "Not yet confirmed by the service" in location["description"]
    assert "service_at_locations" not in exports.oruk_service(exports.record(directory.by_id["icrt"], directory),
                                                              directory)


def test_a_service_page_shows_the_address_and_levels_as_the_guides_suggestion():
    directory = shipped()
    page = render("service.html", directory=directory, root="../../", s=directory.by_id["rainbow-family-hub"])
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert ("Address: Rainbow Family Hub, Elliott Terrace, Washington (postcode not stated in the sources)."
            in text)
    assert "(the guide's suggestion, not yet confirmed by the partnership)" in text
    assert "nearest published contact, not a confirmed route into the service" in text


def test_areas_only_where_a_source_gives_them():
    directory = shipped()
    for sid in ("community-camhs", "specialist-camhs", "locality-early-help", "health-visiting-school-nursing",
                "maternity-mental-health", "ydap"):
        assert directory.by_id[sid].areas == (), sid
    assert not [s.id for s in directory.services if "east" in s.areas]  # no source places a service in East


def test_review_dates_are_the_days_each_entry_was_compared_with_its_sources():
    directory = shipped()
    later = {  # facts first recorded in sources/research.md on 2 December 2026 (referral form, out-of-hours
        # cover, the Designated Officer's page, family hubs, the SEND Local Offer, the PCC's teachable moments)
        "icrt": "2026-12-02", "emergency-duty-team": "2026-12-02", "locality-early-help": "2026-12-02",
        "divert": "2026-12-02", "education-safeguarding-lead": "2026-12-02", "designated-officer": "2026-12-02",
        **{sid: "2026-12-06" for sid in (*HUBS, "health-visiting-school-nursing", "perinatal-mental-health",
                                         "maternity-mental-health", "wear-recovery", "ydap")}}
    for s in directory.services:
        assert s.source_checked == dt.date.fromisoformat(later.get(s.id, "2026-11-27")), s.id


def test_new_entries_give_only_sourced_facts():
    directory = shipped()
    assert (directory.by_id["ydap"].ages_from, directory.by_id["ydap"].ages_to) == (10, 18)
    assert (directory.by_id["health-visiting-school-nursing"].ages_from,
            directory.by_id["health-visiting-school-nursing"].ages_to) == (0, 19)
    assert {s.id for s in directory.with_need("substance-misuse")} == {"wear-recovery", "ydap"}
    for s in directory.services:
        if s.source_checked == dt.date(2026, 12, 6) and s.id not in HUBS:
            assert not s.contacts and not s.languages and not s.cultural_support, s.id
    assert "0800 652 2867" not in (ROOT / "services.yaml").read_text(encoding="utf-8")  # which service: unknown


def test_the_partnership_is_asked_once_about_the_levels():
    found = [q for q in questions(shipped(), Settings()) if "levels of need" in q.question.lower()]
    assert len(found) == 1 and found[0].owner == PARTNERSHIP


def test_data_health_words_reach_via_as_the_service_pages_do():
    directory = shipped()
    page = render("health.html", directory=directory, root="../", health=health(directory), questions=())
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "reached through" not in text
    for sid in ("divert", "do-it-profiling", "education-safeguarding-lead"):
        s = directory.by_id[sid]
        assert f"{s.name} no contact of its own; nearest published contact for advice, not a confirmed route in: " \
               f"{directory.by_id[s.reach_via].name}" in text, sid
