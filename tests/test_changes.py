"""The change history, read from a small git repository each test builds (never the project's own history):
plain words, the What's changed page, the Atom feed, the marks on service and SOS pages, and builds that have no
history (a shallow clone, a folder outside git) saying so rather than failing."""
import copy
import json
import os
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

from earlyhelp import changes, changes_feed, describe, read_directory
from earlyhelp.changes import History
from earlyhelp.load import load, load_text
from earlyhelp.model import Vocabulary
from earlyhelp.schemas import services_schema
from earlyhelp.validate import problems

from .conftest import FIXTURES, TODAY
from .sitebuild import build, fixture_data, fixture_project, write_services

ATOM = "{http://www.w3.org/2005/Atom}"


def git(repo: Path, *args: str, date: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def service(data: dict, sid: str) -> dict:
    return next(s for s in data["services"] if s["id"] == sid)


def new_service(sid: str, name: str, phone: str) -> dict:
    """A plain entry made from the advice line's, with its own id, name and drama number."""
    entry = copy.deepcopy(service(fixture_data(), "early-help-advice"))
    entry.update(id=sid, name=name, sos=True, contacts=[{"label": "Helpline", "phone": phone, "source": "Test fixture"}])
    return entry


def edit(repo: Path, date: str, change) -> None:
    data = fixture_data() if not (repo / "services.yaml").exists() else _read(repo)
    change(data)
    write_services(repo / "services.yaml", data)
    git(repo, "add", "services.yaml", "pathways")
    git(repo, "commit", "-q", "-m", "edit", date=date)


def _read(repo: Path) -> dict:
    return load(repo / "services.yaml").data


def make_history(repo: Path) -> Path:
    """A sequence of edits to the fixture data, each committed on a fixed day (the suite's today is 2026-12-06)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test editor")
    git(repo, "config", "user.email", "editor@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    shutil.copy(FIXTURES / "valid.yaml", repo / "services.yaml")  # the editor's own layout, comments and all
    shutil.copytree(FIXTURES / "pathways", repo / "pathways")
    git(repo, "add", "services.yaml", "pathways")
    git(repo, "commit", "-q", "-m", "first version", date="2025-06-01T09:00:00+01:00")  # over 12 months ago

    edit(repo, "2026-02-10T10:00:00+00:00", lambda d: None)  # the same data, rewritten in another layout

    def renamed_and_renumbered(d):
        service(d, "youth-bus")["name"] = "Evening youth bus"
        service(d, "icrt")["contacts"][0]["phone"] = "0191 498 0011"
        d["services"].append(new_service("parent-club", "Parent club", "0191 498 0031"))
    edit(repo, "2026-05-04T11:00:00+01:00", renamed_and_renumbered)

    def confirmed_and_doubted(d):
        service(d, "emergency-duty-team")["review"]["confirmed"] = {"on": "2026-09-14", "by": "Test team lead"}
        service(d, "icrt")["consent"] = "Tell parents first, unless that would put the child at risk."
        service(d, "early-help-advice")["contacts"][0]["to_confirm"] = True
        service(d, "youth-bus")["how_to_access"] = "Ask the front door team where the bus is this week."
    edit(repo, "2026-09-15T12:00:00+01:00", confirmed_and_doubted)

    def added_removed_and_pathway(d):
        d["services"] = [s for s in d["services"] if s["id"] != "parent-club"]
        d["services"].append(new_service("food-bank", "Food bank", "0191 498 0042"))
        worry = (repo / "pathways" / "worry.yaml").read_text(encoding="utf-8")
        (repo / "pathways" / "worry.yaml").write_text(worry.replace("body: Phone the front door team.",
                                                                    "body: Phone the front door team today."))
    edit(repo, "2026-11-11T09:30:00+00:00", added_removed_and_pathway)

    edit(repo, "2026-11-29T16:00:00+00:00", lambda d: service(d, "icrt")["contacts"][0].update(phone="0191 498 0021"))
    # After the build's today: on its clock this has not happened yet, so nothing may show it.
    edit(repo, "2026-12-14T09:00:00+00:00", lambda d: service(d, "youth-bus").update(name="Late youth bus"))
    return repo


EXPECTED = [  # newest first, as the page and the feed list them
    ("2026-11-29", "service", "icrt", "Front door team", "Referrals number changed: 0191 498 0011 → 0191 498 0021."),
    ("2026-11-11", "service", "food-bank", "Food bank", "Added to the guide."),
    ("2026-11-11", "service", "parent-club", "Parent club", "Removed from the guide."),
    ("2026-11-11", "pathway", "worry", "Worried about a child?", "Outcome changed: Refer to the front door."),
    ("2026-09-15", "service", "early-help-advice", "Early help advice line",
     "Advice 0191 498 0003 marked to be confirmed."),
    ("2026-09-15", "service", "emergency-duty-team", "Out of hours team",
     "Confirmed by the service (Test team lead, 14 September 2026)."),
    ("2026-09-15", "service", "icrt", "Front door team", "Consent changed."),
    ("2026-09-15", "service", "youth-bus", "Evening youth bus", "How to access changed."),
    ("2026-05-04", "service", "icrt", "Front door team", "Referrals number changed: 0191 498 0001 → 0191 498 0011."),
    ("2026-05-04", "service", "parent-club", "Parent club", "Added to the guide."),
    ("2026-05-04", "service", "youth-bus", "Evening youth bus", "Renamed from Youth bus to Evening youth bus."),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_history(tmp_path_factory.mktemp("history") / "repo")


def history_of(repo: Path) -> History:
    return changes.history(repo, repo / "services.yaml", repo / "situations.yaml", repo / "pathways")


def test_the_history_in_plain_words(repo):
    history = history_of(repo)
    assert history.known
    found = [(c.day.isoformat(), c.kind, c.key, c.name, " ".join(c.words)) for c in history.within(TODAY)]
    assert found == EXPECTED
    # Formatting-only commits say nothing; the first version is older than the page's 12 months.
    assert {c.day.isoformat() for c in history.changes} == {"2025-06-01", "2026-05-04", "2026-09-15", "2026-11-11",
                                                            "2026-11-29", "2026-12-14"}


def test_what_the_pages_take_from_it(repo):
    history = history_of(repo)
    assert [" ".join(c.words) for c in history.of("service", "icrt", TODAY, changes.SERVICE_DAYS)] == [
        "Referrals number changed: 0191 498 0011 → 0191 498 0021.", "Consent changed."]
    # New numbers are marked for 30 days; the first version's numbers had not moved.
    assert {n: d.isoformat() for n, d in history.new_numbers(TODAY).items()} == {
        "0191 498 0021": "2026-11-29", "0191 498 0042": "2026-11-11"}
    last = {k: d.isoformat() for k, d in history.last_changed(TODAY).items()}
    assert last == {"icrt": "2026-11-29", "food-bank": "2026-11-11", "parent-club": "2026-11-11",
                    "early-help-advice": "2026-09-15", "emergency-duty-team": "2026-09-15", "youth-bus": "2026-09-15",
                    "emergency-999": "2025-06-01"}


def feed_of(repo: Path) -> ET.Element:
    directory = read_directory(repo / "services.yaml", TODAY)
    return ET.fromstring(changes_feed.atom(history_of(repo), directory, site_url="https://example.org/guide/")
                         .encode("utf-8"))


def test_the_feed_is_atom_with_every_required_element(repo):
    feed = feed_of(repo)
    assert feed.tag == ATOM + "feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + required) is not None, required
    assert feed.find(ATOM + "updated").text == "2026-11-29T16:00:00+00:00"  # the newest change, not the clock
    links = {link.get("rel"): link.get("href") for link in feed.findall(ATOM + "link")}
    assert links == {"alternate": "https://example.org/guide/changes/", "self": "https://example.org/guide/changes.xml"}
    entries = feed.findall(ATOM + "entry")
    assert [e.find(ATOM + "title").text for e in entries][:2] == [
        "Front door team: Referrals number changed: 0191 498 0011 → 0191 498 0021.", "Food bank: Added to the guide."]
    assert len(entries) == len(EXPECTED)
    for entry in entries:
        assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                            entry.find(ATOM + "id").text)
        assert entry.find(ATOM + "updated").text and entry.find(ATOM + "content").get("type") == "text"
    assert len({e.find(ATOM + "id").text for e in entries}) == len(entries)
    removed = next(e for e in entries if e.find(ATOM + "title").text.startswith("Parent club: Removed"))
    assert removed.find(ATOM + "link") is None  # its page is gone: no link to nowhere
    icrt = entries[0].find(ATOM + "link")
    assert icrt.get("href") == "https://example.org/guide/services/icrt/"


def test_entry_ids_are_the_same_in_another_clone_and_another_run(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    ids = lambda feed: [e.find(ATOM + "id").text for e in feed.findall(ATOM + "entry")]  # noqa: E731
    changes._cache.clear()
    first = ids(feed_of(repo))
    changes._cache.clear()
    assert ids(feed_of(repo)) == first == ids(feed_of(clone))


def test_data_in_the_history_is_text_in_the_feed(tmp_path):
    repo = tmp_path / "repo"
    make_history(repo)
    edit(repo, "2026-11-30T09:00:00+00:00",
         lambda d: service(d, "youth-bus").update(name="Bus <script>alert(1)</script> & {{ 7*7 }}"))
    # The page's directory is the valid fixture: the validator would refuse these braces in a real build.
    feed = changes_feed.atom(history_of(repo), read_directory(FIXTURES / "valid.yaml", TODAY))
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    assert ET.fromstring(feed.encode()).find(ATOM + "entry/" + ATOM + "title").text.startswith(
        "Bus <script>alert(1)</script> & {{ 7*7 }}: Renamed")


def test_no_history_outside_git_or_in_a_shallow_clone(repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert history_of(plain).missing == "it was built outside a git repository"
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    assert history_of(shallow).missing == "it was built from a shallow clone, which lacks the older commits"
    assert history_of(shallow).within(TODAY) == ()


def test_old_versions_that_no_longer_read_are_skipped(tmp_path):
    repo = make_history(tmp_path / "repo")
    (repo / "services.yaml").write_text("services: [unclosed\n")
    git(repo, "commit", "-q", "-am", "broken", date="2026-12-01T09:00:00+00:00")
    good = fixture_data()
    write_services(repo / "services.yaml", good)
    git(repo, "commit", "-q", "-am", "back to the first version", date="2026-12-02T09:00:00+00:00")
    newest = [c for c in history_of(repo).within(TODAY) if c.day.isoformat() >= "2026-12-01"]
    # The broken version says nothing; the next is compared with the last version that could be read.
    assert {c.day.isoformat() for c in newest} == {"2026-12-02"}
    assert [" ".join(c.words) for c in newest if c.key == "icrt"] == [
        "Referrals number changed: 0191 498 0021 → 0191 498 0001. Consent changed."]


def test_last_changed_is_written_by_the_build_never_by_an_editor():
    data = fixture_data()
    service(data, "icrt")["last_changed"] = "2026-01-01"
    found = [str(p) for p in problems(load_text(yaml.safe_dump(data, sort_keys=False), "services.yaml"), TODAY)]
    assert len(found) == 1 and "icrt → last_changed: 'last_changed' is written by the build" in found[0], found


# --- built sites ------------------------------------------------------------------------------------------

def built_from(repo: Path, tmp_path: Path):
    project = fixture_project(tmp_path / "code")
    for part in project.iterdir():
        if not (repo / part.name).exists():
            shutil.move(str(part), repo / part.name)  # the code beside the data, in the repository's folder
    if not (repo / "situations.yaml").exists():  # a project has its situations (read.check); untracked: no history
        shutil.copy(FIXTURES / "situations.yaml", repo / "situations.yaml")
    result = build(repo, repo / "services.yaml", tmp_path / "site", pathways=repo / "pathways")
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "site", result


def text(html: str) -> str:
    """What a reader sees, roughly: tags out, no space left before the punctuation that followed a link."""
    return re.sub(r" ([:.,])", r"\1", " ".join(re.sub(r"<[^>]+>", " ", html).split()))


def test_a_site_built_with_history(repo, tmp_path):
    work = tmp_path / "repo"
    git(tmp_path, "clone", "-q", str(repo), str(work))
    site, result = built_from(work, tmp_path)
    assert "no change history" not in result.stderr
    page = (site / "changes" / "index.html").read_text(encoding="utf-8")
    body = text(page[page.index("<h1"):page.index("</article>")])
    assert body.startswith("What's changed ")
    assert ("29 November 2026 Front door team: Referrals number changed: 0191 498 0011 → 0191 498 0021. "
            "11 November 2026 Food bank: Added to the guide. Parent club: Removed from the guide. "
            "Worried about a child? (pathway): Outcome changed: Refer to the front door.") in body
    assert "Late youth bus" not in page and "1 June 2025" not in body
    assert '<a href="../services/icrt/">Front door team</a>' in page and '<a href="../pathways/worry/">' in page
    assert "<li>Parent club:" in page  # removed: named, not linked
    icrt_page = text((site / "services" / "icrt" / "index.html").read_text(encoding="utf-8"))
    # The latest change above the contact details; the earlier ones folded beneath it
    assert ("Changed on 29 November 2026: Referrals number changed: 0191 498 0011 → 0191 498 0021. "
            "1 earlier change in the last 90 days Changed on 15 September 2026: Consent changed.") in icrt_page
    assert "Changed on 4 May 2026" not in icrt_page  # more than 90 days before the build
    sos = (site / "sos" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'>0191 498 0021</a> <strong class="sos-new">New number since 29 November 2026</strong>', sos)
    assert '<strong class="sos-new">New number since 11 November 2026</strong>' in sos  # the food bank's
    assert "New number since" not in re.sub(r">0191 498 00(21|42)</a>.*?</li>", "", sos, flags=re.S)
    data = json.loads((site / "services.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(services_schema()).iter_errors(data)) == []  # the schema says so
    published = {s["id"]: s for s in data["services"]}
    assert published["icrt"]["last_changed"] == "2026-11-29"
    assert published["emergency-999"]["last_changed"] == "2025-06-01"
    feed = ET.parse(site / "changes.xml").getroot()
    assert len(feed.findall(ATOM + "entry")) == len(EXPECTED)
    for html in site.rglob("index.html"):  # every page, the lean SOS page too
        page = html.read_text(encoding="utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="([^"]+)"', page)
        assert link and (html.parent / link.group(1)).resolve() == (site / "changes.xml").resolve(), html


def test_a_shallow_clone_builds_and_says_it_has_no_history(repo, tmp_path):
    work = tmp_path / "repo"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(work))
    site, result = built_from(work, tmp_path)
    assert "warning: no change history, because it was built from a shallow clone" in result.stderr
    page = text((site / "changes" / "index.html").read_text(encoding="utf-8"))
    assert ("This copy of the guide was built without its change history, because it was built from a shallow "
            "clone, which lacks the older commits, so no changes are listed here.") in page
    assert "Changed on" not in (site / "services" / "icrt" / "index.html").read_text(encoding="utf-8")
    assert "last_changed" not in (site / "services.json").read_text(encoding="utf-8")
    assert ET.parse(site / "changes.xml").getroot().findall(ATOM + "entry") == []


def test_a_folder_outside_git_builds_and_says_so(fixture_site):
    page = text((fixture_site / "changes" / "index.html").read_text(encoding="utf-8"))
    assert "built without its change history, because it was built outside a git repository" in page
    assert "last_changed" not in (fixture_site / "services.json").read_text(encoding="utf-8")


# --- every field in plain words ----------------------------------------------------------------------------

def words_for(change) -> list[str]:
    """The sentences for one edit of the advice line's entry (no git: describe.py alone)."""
    old = service(fixture_data(), "early-help-advice")
    new = copy.deepcopy(old)
    change(new)
    return describe.service_words(old, new, Vocabulary.from_schema(), {})[0]


@pytest.mark.parametrize("change, expected", [
    (lambda s: s.update(summary="Advice on early help forms."),
     "Summary changed: Advice on early help paperwork. → Advice on early help forms."),
    (lambda s: s.update(description="Advice for schools and health staff."), "Description changed."),
    (lambda s: s.update(levels=[2, 3]), "Levels of need changed to: Level 2: early help, Level 3: targeted help."),
    (lambda s: s.update(needs=["parenting"]), "Needs changed to: Parenting and family support."),
    (lambda s: s.update(areas=["coalfield", "washington"]), "Areas changed to: Coalfield, Washington."),
    (lambda s: s.pop("areas"), "Areas: now not stated in the sources."),
    (lambda s: s.update(ages={"from": 5, "to": 16}), "Ages changed: 0 to 18 → 5 to 16."),
    (lambda s: s.pop("ages"), "Ages changed: 0 to 18 → not stated in sources."),
    (lambda s: s.update(access=["self-referral"]), "Routes in changed to: Families can refer themselves."),
    (lambda s: s.update(sos=True), "Now on the police SOS list."),
    (lambda s: s.update(status="retired"), "Status: no longer running."),
    (lambda s: s.update(organisation="Another council"), "Organisation changed: Example council → Another council."),
    (lambda s: s.update(languages=["English", "Polish"]), "Languages added."),
    (lambda s: s.update(waiting_time={"text": "6 weeks", "as_of": "2026-10-01", "source": "Test fixture"}),
     "Waiting time now: 6 weeks (as of 1 October 2026)."),
    (lambda s: s["review"].update(source_checked="2026-11-01"), "Compared with its public sources on 1 November 2026."),
    (lambda s: s["review"].update(owner="Another team"), "Review owner changed: Test team → Another team."),
    (lambda s: s["contacts"].append({"label": "Email", "email": "advice@example.org", "source": "Test fixture"}),
     "New email address, Email: advice@example.org."),
    (lambda s: s["contacts"].append({"label": "Web", "url": "https://example.org/advice", "source": "Test fixture"}),
     "New web address, Web: https://example.org/advice."),
    (lambda s: s["contacts"][0].update(hours="Mon–Fri 9am–5pm"), "Hours of Advice 0191 498 0003 changed: "
     "not stated → Mon–Fri 9am–5pm."),
    (lambda s: s["contacts"][0].update(source="Council website, May 2026"),
     "Advice 0191 498 0003: source changed to Council website, May 2026."),
    (lambda s: s["contacts"][0].update(label="Advice and referrals"),
     "Advice and referrals 0191 498 0003: label changed to Advice and referrals."),
    (lambda s: s.update(newly_invented_field="Something"), "Newly invented field added: Something."),
])
def test_every_field_change_is_put_in_plain_words(change, expected):
    assert words_for(change) == [expected]


def test_emails_and_web_addresses_changed_or_removed():
    def two(s):
        s["contacts"] += [{"label": "Email", "email": "old@example.org", "source": "Test fixture"},
                          {"label": "Web", "url": "https://example.org/old", "source": "Test fixture"}]
    old = service(fixture_data(), "early-help-advice")
    two(old)
    new = copy.deepcopy(old)
    new["contacts"][1]["email"] = "new@example.org"
    del new["contacts"][2]
    assert describe.service_words(old, new, Vocabulary.from_schema(), {})[0] == [
        "Email email address changed: old@example.org → new@example.org.",
        "Web address removed, Web: https://example.org/old."]


SCHEDULES = {"office": {"id": "office", "words": "Mon–Fri 9am–5pm", "source": "Test fixture"},
             "late": {"id": "late", "words": "Mon–Fri 9am–8pm", "source": "Test fixture"}}


def test_a_contact_naming_another_schedule_reads_as_new_hours():
    def named(s):
        s["contacts"][0]["hours"] = "office"
    old = service(fixture_data(), "early-help-advice")
    named(old)
    new = copy.deepcopy(old)
    new["contacts"][0]["hours"] = "late"
    assert describe.service_words(old, new, Vocabulary.from_schema(), {}, SCHEDULES, SCHEDULES)[0] == [
        "Hours of Advice 0191 498 0003 changed: Mon–Fri 9am–5pm → Mon–Fri 9am–8pm."]


def test_a_schedule_changed_is_a_change_of_every_service_naming_it():
    def with_hours(data, words):
        data["schedules"] = [dict(SCHEDULES["office"], words=words), SCHEDULES["late"]]
        service(data, "early-help-advice")["contacts"][0]["hours"] = "office"
        service(data, "icrt")["contacts"][0]["hours"] = "office"
        service(data, "youth-bus").setdefault("contacts", [])
        return data
    before = describe.Snapshot().updated({"s.yaml": "1"}, lambda p, b: with_hours(fixture_data(), "Mon–Fri 9am–5pm"),
                                         "s.yaml", None, None)
    after_data = with_hours(fixture_data(), "Mon–Thu 9am–5pm, Fri 9am–4.30pm")
    after_data["services"] = [before.services.get(s["id"]) if s["id"] not in ("early-help-advice", "icrt") else s
                              for s in after_data["services"]]  # untouched entries are the same objects
    after = describe.Snapshot().updated({"s.yaml": "2"}, lambda p, b: after_data, "s.yaml", None, None)
    # The entries themselves did not change, only the schedule they name.
    assert service(after_data, "icrt") == before.services["icrt"]
    found = [(key, words) for _kind, key, _name, words, _ in describe.differences(before, after)]
    assert found == [
        ("early-help-advice", ("Hours of Advice 0191 498 0003 changed: Mon–Fri 9am–5pm → "
                               "Mon–Thu 9am–5pm, Fri 9am–4.30pm.",)),
        ("icrt", ("Hours of Referrals 0191 498 0001 changed: Mon–Fri 9am–5pm → Mon–Thu 9am–5pm, Fri 9am–4.30pm.",))]


def test_a_schedule_change_in_git_reaches_last_changed_and_the_page(tmp_path):
    repo = make_history(tmp_path / "repo")

    def hours(words):
        def change(d):
            d["schedules"] = [s for s in d.get("schedules", []) if s["id"] != "office"] + [
                {"id": "office", "words": words, "source": "Test fixture"}]
            service(d, "early-help-advice")["contacts"][0]["hours"] = "office"
        return change
    edit(repo, "2026-12-03T09:00:00+00:00", hours("Mon–Fri 9am–5pm"))
    edit(repo, "2026-12-04T09:00:00+00:00", hours("Mon–Fri 10am–4pm"))
    history = history_of(repo)
    assert [" ".join(c.words) for c in history.within(TODAY) if c.day.isoformat() >= "2026-12-03"] == [
        "Hours of Advice 0191 498 0003 changed: Mon–Fri 9am–5pm → Mon–Fri 10am–4pm.",
        "Hours of Advice 0191 498 0003 changed: not stated → Mon–Fri 9am–5pm."]
    assert history.last_changed(TODAY)["early-help-advice"].isoformat() == "2026-12-04"


# --- a history that cannot be read costs the build its history, nothing else ---------------------------------

def test_a_missing_git_object_means_no_history_not_a_failed_build(tmp_path):
    repo = make_history(tmp_path / "repo")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    blob = git(repo, "rev-parse", f"{first}:services.yaml").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # an old version of services.yaml lost
    changes._cache.clear()
    history = history_of(repo)
    assert history.changes == () and not history.known
    assert history.missing.startswith("its git history could not be read") and blob in history.missing


def test_a_history_that_reads_badly_is_caught_whatever_the_error(tmp_path, monkeypatch):
    repo = make_history(tmp_path / "repo")
    changes._cache.clear()
    monkeypatch.setattr(describe, "differences", lambda before, after: 1 / 0)
    history = history_of(repo)
    assert history.missing == "its git history could not be read (ZeroDivisionError: division by zero)"


def test_reading_entry_by_entry_gives_what_the_strict_loader_gives():
    """changes.py parses a large file's list entries one by one, reusing those that did not change; whatever the
    layout, the data must be exactly what the strict loader reads from the whole file."""
    indented = (FIXTURES / "valid.yaml").read_bytes()  # as editors lay it out
    flush = yaml.safe_dump(fixture_data(), sort_keys=False, allow_unicode=True).encode()  # lists at the left edge
    edited = indented.replace(b"0191 498 0003", b"0191 498 0033")
    versions = changes._Versions({"a": indented, "b": flush, "c": edited, "d": b"services: [unclosed\n"})
    for blob in "abcd":
        raw = versions.blobs[blob]
        assert versions.read("services.yaml", blob) == changes._readable(raw, "services.yaml"), blob
    versions = changes._Versions({"a": indented, "c": edited})
    first, second = versions.read("services.yaml", "a"), versions.read("services.yaml", "c")
    same = [old is new for old, new in zip(first["services"], second["services"])]
    assert same.count(False) == 1 and len(same) == len(first["services"])  # only the edited entry parsed again


def _dumped(data: dict, indented: bool) -> bytes:
    class Indented(yaml.SafeDumper):  # lists under their field, as editors write them
        def increase_indent(self, flow=False, indentless=False):
            return super().increase_indent(flow, False)
    return yaml.dump(data, Dumper=Indented if indented else yaml.SafeDumper, sort_keys=False).encode()


@pytest.mark.parametrize("indented", [True, False])
def test_a_long_history_read_edit_by_edit_says_exactly_what_whole_versions_say(indented):
    """changes.py re-reads only the entries a commit changed and hands describe.py each list's entries by id and
    which ids changed, and describe.py keeps the services by the schedules they name: 120 random edits (numbers,
    summaries, schedules, entries added, removed, moved, swapped, ids shared then parted) must read in exactly the
    words of comparing whole versions read afresh, where nothing is carried over."""
    rng = random.Random(21)
    data = {"schedules": [{"id": f"s{n}", "words": f"Mon–Fri 9am–{n + 3}pm", "source": "Test"} for n in range(3)],
            "services": [{"id": f"x{n}", "name": f"Service {n}", "summary": "Help.",
                          "contacts": [{"label": "Line", "phone": f"0191 498 0{n:03d}", "hours": f"s{n % 3}"}]}
                         for n in range(12)]}
    fresh = iter(range(100, 1000))
    versions = [_dumped(data, indented)]
    shared = None
    for n in range(120):
        services = data["services"]
        entry = rng.choice(services)
        what = n % 9 if n < 18 else rng.randrange(9)
        if shared is not None:
            shared["id"], shared = f"x{next(fresh)}", None  # the entries that shared an id part again
        elif what == 0:
            entry["contacts"][0]["phone"] = f"0191 498 0{rng.randrange(1000):03d}"
        elif what == 1:
            entry["summary"] = f"Help, as of edit {n}."
        elif what == 2:
            rng.choice(data["schedules"])["words"] = f"Mon–Fri 9am–{rng.randrange(3, 9)}pm"
        elif what == 3:
            services.insert(rng.randrange(len(services) + 1), {"id": f"x{next(fresh)}", "name": "New", "contacts": [
                {"label": "Line", "phone": "0191 498 0999", "hours": "s1"}]})
        elif what == 4 and len(services) > 3:
            services.remove(entry)
        elif what == 5:
            services.remove(entry)
            services.insert(rng.randrange(len(services) + 1), entry)
        elif what == 6:
            entry["id"] = rng.choice(services)["id"]  # two entries now share an id
            shared = entry
        elif what == 7:
            entry["id"] = f"x{next(fresh)}"
        else:
            i, j = rng.randrange(len(services)), rng.randrange(len(services))
            services[i], services[j] = services[j], services[i]
        versions.append(_dumped(data, indented))
    blobs = {str(n): raw for n, raw in enumerate(versions)}

    def differences(read):
        before, found, shortcuts = describe.Snapshot(), [], 0
        for n in range(len(versions)):
            after = before.updated({"services.yaml": str(n)}, read, "services.yaml", None, None)
            shortcuts += after.services_since is not None and after.services_since[0] is before.services
            found.append(list(describe.differences(before, after)))
            assert list(describe.differences(before, after)) == found[-1]  # asked again, the same answer
            before = after
        return found, shortcuts

    edit_by_edit, shortcuts = differences(changes._Versions(blobs).read)
    whole, none = differences(lambda path, blob: changes._readable(blobs[blob], path))
    assert edit_by_edit == whole
    assert none == 0 and shortcuts > 60  # the carried-over path was taken, and most of the time
    assert sum(len(found) for found in whole) > 100
    assert any(words[0].startswith("Hours of Line") for found in whole for *_, words, _ in found)


def test_blobs_asked_for_out_of_the_expected_order_are_still_read_right(tmp_path):
    """git is asked for each expected blob ahead of time; a blob asked for out of turn, or not expected at all,
    must still come back as itself, and a missing one must say so."""
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", str(repo))
    texts = [b"first\n", b"second\n", b"third\n"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    shas = [subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input=text, check=True, env=env,
                           capture_output=True).stdout.decode().strip() for text in texts]
    with changes._Blobs(repo, shas[:2]) as blobs:
        assert blobs[shas[1]] == texts[1]  # the second expected before the first: the first's answer is dropped
        assert blobs[shas[2]] == texts[2]  # never expected
        assert blobs[shas[0]] == texts[0]  # expected, but its turn was passed
        with pytest.raises(changes._NoGit, match="missing"):
            blobs["0" * 39 + "1"]
