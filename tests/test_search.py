"""Service pages are indexed for search from the data: one escaped entry each, nothing parsed from their HTML."""
import dataclasses
import json
import re
from collections import Counter

import pytest

from earlyhelp import read_directory
from earlyhelp.search import service_entry, synonyms_for

from .conftest import FIXTURES, TODAY


@pytest.fixture(scope="module")
def directory():
    return read_directory(FIXTURES / "valid.yaml", TODAY)


def index_entries(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_every_service_has_exactly_one_entry_at_its_page(fixture_site, directory):
    entries = index_entries(fixture_site)
    per_location = Counter(e["location"] for e in entries)
    assert {s.url: per_location[s.url] for s in directory.services} == {s.url: 1 for s in directory.services}
    # The theme's own parse of a service page would add section entries such as services/icrt/#contact.
    assert [e["location"] for e in entries if e["location"].startswith("services/icrt/#")] == []
    titles = {e["location"]: e["title"] for e in entries}
    assert titles["services/icrt/"] == directory.by_id["icrt"].name


def test_hand_written_pages_are_still_indexed_by_the_theme(fixture_site):
    locations = {e["location"] for e in index_entries(fixture_site)}
    assert {"", "about/", "reference/fields/"} <= locations
    # Editors' lists of every entry and question: a reader's search should find the services, not these.
    assert not {"data-health/", "confirmation-worklist/"} & {loc.split("#")[0] for loc in locations}


def test_entry_text_has_what_a_professional_searches_for(directory):
    s = dataclasses.replace(directory.by_id["icrt"], short_name="FDT")
    entry = service_entry(s, directory)
    # what a phone screen shows under the name: the number the one rule gives first, and when it is answered
    assert entry["text"] == f"Phone 0191 498 0001: Mon–Fri 9am–5pm. {s.summary}"
    more = entry["more"]  # searched, not shown
    assert more.startswith("FDT ")
    assert all(c.value in more for c in s.contacts)
    assert all(directory.labels.needs[n] in more for n in s.needs)
    assert "Screens every contact the same day." in more and "<" not in more  # the description, as words


def test_entry_number_says_when_it_is_not_the_service_s_own_or_is_doubtful(directory):
    youth = directory.by_id["youth-bus"]  # no contacts of its own: reached through the front door
    assert service_entry(youth, directory)["text"].startswith(
        "No published number: for advice, ask Front door team on 0191 498 0001: Mon–Fri 9am–5pm. ")
    front = directory.by_id["icrt"]
    doubtful = dataclasses.replace(front.contacts[0], to_confirm=True)
    only_doubtful = dataclasses.replace(front, contacts=(doubtful,))
    assert service_entry(only_doubtful, directory)["text"].startswith(
        "Phone 0191 498 0001 (number to be confirmed): Mon–Fri 9am–5pm. ")
    # A confirmed number comes first even when the doubtful one is written first
    both = dataclasses.replace(front, contacts=(dataclasses.replace(doubtful, value="0191 498 0009"), front.contacts[0]))
    assert service_entry(both, directory)["text"].startswith("Phone 0191 498 0001: Mon–Fri 9am–5pm. ")


def test_entry_escapes_markup_in_every_value(directory):
    hostile = dataclasses.replace(directory.by_id["youth-bus"], name="<img src=x onerror=alert(1)>",
                                  summary="Tom & Jerry <script>alert(1)</script>",
                                  description="Plain *text* <b>raw</b>")
    entry = service_entry(hostile, directory)
    assert entry["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;" in entry["text"]
    assert "<" not in entry["more"] and "&lt;b&gt;raw&lt;/b&gt;" in entry["more"]


def test_professionals_abbreviations_find_the_pages_that_use_the_long_form(shipped_site):
    """EHCP, LADO, Gillick, CIN, CP, MASH and DSL each reach a page that never spells them (every page naming FGM
    spells it out too: the next test finds it)."""
    docs = index_entries(shipped_site)
    for short in ("EHCP", "LADO", "Gillick", "CIN", "CP", "MASH", "DSL"):
        only_by_synonym = [d["location"] for d in docs if re.search(rf"\b{short}\b", d.get("more", ""))
                           and not re.search(rf"\b{short}\b", f"{d['title']} {d.get('text', '')}", re.I)]
        assert only_by_synonym, short
    designated = [d for d in docs if d["location"] == "services/designated-officer/"]
    assert designated and "LADO" in designated[0]["more"]
    assert synonyms_for("Ring the Emergency Duty Team") == "EDT Emergency Duty Team out of hours"
    assert synonyms_for("a plain sentence") == ""


def test_pathway_outcomes_are_found_once_each_by_what_they_say(shipped_site):
    """"EHCP", "unmet", "LADO" and "FGM" find the outcome or guidance that answers them, and an outcome reached by
    several routes is one result, not one per route."""
    docs = index_entries(shipped_site)
    outcomes = [d["location"] for d in docs if d["location"].startswith("pathways/") and d["location"].count("/") == 3
                and "#" not in d["location"]]
    assert outcomes, "no pathway outcome is searchable"
    titles = [d["title"] for d in docs if d["location"] in outcomes]
    assert len(titles) == len(set(titles)), titles
    answers = {"EHCP": "pathways/school-concern/1-4/", "unmet": "pathways/school-concern/1-4/",
               "LADO": "services/designated-officer/", "FGM": "sos/#sit-child-discloses-abuse"}
    for word, page in answers.items():
        hits = [d["location"] for d in docs
                if re.search(rf"\b{word}\b", " ".join(d.get(k, "") for k in ("title", "text", "more")), re.I)]
        assert any(hit.startswith(page) for hit in hits), (word, hits)
