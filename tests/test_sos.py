"""The SOS list without a browser: grouping, the lean page, the offline worker's files, the byte budget, the QR."""
import gzip
import html
import json
import re
import shutil
import struct
from urllib.parse import unquote

import pytest

from earlyhelp import offline, read_directory
from earlyhelp.render import long_date, render
from earlyhelp import sos
from earlyhelp.numbers import service_pairs

from .conftest import FIXTURES, ROOT, TODAY
from .sitebuild import build, fixture_data, fixture_project, write_services

BUDGET = 20 * 1024  # gzip bytes: the SOS page and everything it loads
SITE_URL = "https://example.org/early-help/"


@pytest.fixture(scope="module")
def directory():
    return read_directory(FIXTURES / "valid.yaml", TODAY)


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory):
    """site_url set, and a service on the SOS list whose text has HTML's special characters (the validator already
    refuses <, >, { and }): they must show literally."""
    work = tmp_path_factory.mktemp("sos-addressed")
    project = fixture_project(work / "project")
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text())
    data = fixture_data()
    bus = next(s for s in data["services"] if s["id"] == "youth-bus")
    bus.update(sos=True, summary='Tea & "chat" at 6', how_to_access="Drop in & say 'hi' &amp; more")
    services = write_services(work / "services.yaml", data)
    shutil.copy(FIXTURES / "situations.yaml", work / "situations.yaml")  # read from beside the services file
    result = build(project, services, work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site"


def sos_html(site):
    return (site / "sos" / "index.html").read_text()


def entries(page):
    """(data-id, tel hrefs) of each service entry on the page, in order."""
    items = re.findall(r'<li class="sos-item" id="svc-[^"]+" data-id="([^"]+)"[^>]*>(.*?)\n</li>', page, re.S)
    return [(sid, re.findall(r'class="sos-call" href="([^"]+)"', body)) for sid, body in items]


def situations(page):
    return re.findall(r'<section class="sos-sit" id="sit-([^"]+)"', page)


def sms_bodies(fragment):
    return [unquote(body) for body in re.findall(r'class="sos-sms" href="sms:\?&amp;body=([^"]+)"', fragment)]


def entry_html(page, sid):
    return re.search(rf'<li class="sos-item" id="svc-{sid}".*?\n</li>', page, re.S).group(0)


def part(page, start, end):
    return page[page.index(start):page.index(end, page.index(start))]


def test_a_service_without_contacts_is_called_through_the_service_it_is_reached_via(directory):
    assert [c.href for _, c in service_pairs(directory.by_id["youth-bus"], directory)] == ["tel:+441914980001"]
    assert [c.href for _, c in service_pairs(directory.by_id["icrt"], directory)] == ["tel:+441914980001"]


# --- the built page ------------------------------------------------------------------------------------------

def test_every_sos_service_is_described_once_with_its_numbers(fixture_site, directory):
    page = sos_html(fixture_site)
    assert entries(page) == [(s.id, [c.href for c in s.phones]) for s in directory.sos()]  # once each, in order
    for s in directory.sos():
        assert page.count(f'href="../services/{s.id}/">{html.escape(s.name)}</a>') == 1
        assert ("Confirmed by the service on" if s.confirmed else
                f"Not yet confirmed by the service: from public pages checked {long_date(s.source_checked)}") in page


def test_situations_follow_the_urgent_box_in_their_order_and_link_to_the_services_that_fit(fixture_site, directory):
    page = sos_html(fixture_site)
    assert situations(page) == [x.id for x in directory.situations] == ["danger-at-home", "not-urgent"]
    assert page.index('class="sos-urgent"') < page.index('class="sos-index"') < page.index('class="sos-sit"') \
        < page.index('class="sos-item"')
    index = part(page, '<nav class="sos-index"', "</nav>")
    assert re.findall(r'href="#sit-([^"]+)"', index) == ["danger-at-home", "not-urgent"]
    danger = part(page, 'id="sit-danger-at-home"', "</section>")
    assert re.findall(r'href="#svc-([^"]+)"', danger) == ["icrt", "emergency-duty-team"]
    # The officer's numbers (only confirmed ones), then the family's lines: a doubtful one is no call button,
    # and its warning is part of its link.
    assert re.findall(r'class="sos-call" href="([^"]+)"', danger) == [
        "tel:+441914980001", "tel:+441914980002", "tel:+441914980500"]
    assert re.findall(r'class="eh-num__tbc" href="([^"]+)"><span class="eh-tel">[^<]*</span> '
                      r'<strong>\(number to be confirmed\)', danger) == [
        "tel:+441914980501"]
    assert 'data-words="Danger at home|DV|domestic|domestik"' in danger


def test_the_family_text_holds_only_numbers_a_family_can_ring(fixture_site):
    page = sos_html(fixture_site)
    danger = part(page, 'id="sit-danger-at-home"', "</section>")
    # The doubtful line and the professionals' front door never go to a family; no address without site_url.
    assert sms_bodies(danger) == ["Danger at home: help you can ring yourselves\nExample helpline: 0191 498 0500 (Any time)"]
    assert sms_bodies(part(page, 'id="sit-not-urgent"', "</section>")) == []  # none sourced: the text says so
    assert "No number a family can ring is published." in page
    assert sms_bodies(entry_html(page, "emergency-999")) == ["Emergency services\nEmergency: 999 (Any time)"]
    assert "No number for families published." in entry_html(page, "icrt")
    assert "No number for families published." not in entry_html(page, "emergency-999")


def test_family_texts_carry_the_public_address_once_it_is_known(addressed_site):
    bodies = sms_bodies(sos_html(addressed_site))
    assert bodies[0].endswith(f"\nMore: {SITE_URL}sos/#sit-danger-at-home")
    assert bodies[1] == f"Emergency services\nEmergency: 999 (Any time)\nMore: {SITE_URL}sos/#svc-emergency-999"


def test_sms_links_encode_the_text_and_family_text_refuses_doubtful_or_professional_numbers():
    from earlyhelp.model import Contact
    public = Contact("Helpline", "phone", "0191 498 0500", None, "Test", False, for_families=True)
    doubtful = Contact("Old", "phone", "0191 498 0501", None, "Test", True, for_families=True)
    staff = Contact("Team", "phone", "0191 498 0502", None, "Test", False)
    assert sos.family_text("X", [doubtful, staff]) == ""
    assert sos.family_text("X & Y", [public, staff], "https://example.org/sos/") == (
        "X & Y\nHelpline: 0191 498 0500\nMore: https://example.org/sos/")
    assert sos.sms_href("A & B\n<1>") == "sms:?&body=A%20%26%20B%0A%3C1%3E"
    assert sos.public_address("https://example.org/guide") == "https://example.org/guide/sos/"
    assert sos.public_address("") == ""


def test_immediate_risk_route_comes_first(fixture_site, directory):
    page = sos_html(fixture_site)
    urgent = page[page.index('<section class="sos-urgent"'):page.index("</section>")]
    assert page.index('<section class="sos-urgent"') < page.index('class="sos-sit"')
    assert re.findall(r'class="sos-call" href="([^"]+)"', urgent) == ["tel:999", "tel:+441914980001",
                                                                      "tel:+441914980002"]
    # Without the script: 24-hour lines first, then the data's order, each named with its hours in words
    assert [html.unescape(n) for n in re.findall(r'class="eh-num__who">(.*?)</span>', urgent)] == [
        s.short_name for s in directory.immediate_risk]
    assert re.findall(r'data-h="([^"]*)"', urgent) == ["around-the-clock", "icrt-hours", "icrt-closed"]


def test_entry_shows_who_hours_how_to_refer_and_flags(fixture_site):
    page = html.unescape(sos_html(fixture_site))
    assert "Ages 0 to 18 · Citywide · Run by Example council" in page
    # The hours in a few words made from the schedule (its published words are on the service's page)
    assert re.search(r'Referrals</span>\s*<span class="eh-num__when">(<strong[^>]*></strong>)?\s*'
                     r'<span class="eh-num__hours">Mon–Fri 9am–5pm', page)
    assert "<strong>How to refer:</strong> Phone the team." in page
    # Not the build date: the oldest day any entry on the list was checked (the youth bus, in 2020)
    directory = read_directory(FIXTURES / "valid.yaml")
    oldest = min(s.last_checked for s in (*directory.immediate_risk, *directory.sos()))
    assert re.search(r'class="sos-asof">([^<]*)', page).group(1).startswith(
        "Oldest check of an entry here: " + long_date(oldest)), oldest


def test_to_be_confirmed_and_overdue_flags(tmp_path):
    data = fixture_data()
    bus = next(s for s in data["services"] if s["id"] == "youth-bus")
    bus["sos"] = True
    doubtful = {"label": "Old line", "phone": "0191 498 0009", "source": "An old page", "to_confirm": True}
    data["services"][1]["contacts"].insert(0, doubtful)  # the front door's first number is now the doubtful one
    path = write_services(tmp_path / "flags.yaml", data)
    directory = read_directory(path, TODAY)
    page = render("sos_list.html", directory=directory, root="../", **sos.page_values(directory, ""))
    urgent = page[page.index('<section class="sos-urgent"'):page.index("</section>")]
    # Never a call button in the immediate-danger box; the box says other numbers wait for confirmation.
    assert "tel:+441914980009" not in urgent and "tel:+441914980001" in urgent
    assert "Other numbers, still to be confirmed, are on" in urgent
    # Shown once, flagged, in the front door's own entry; the youth bus is pointed only at confirmed numbers.
    assert page.count('href="tel:+441914980009"') == page.count("(number to be confirmed)") == 1
    assert re.search(r'href="tel:\+441914980009"><span class="eh-tel">0191 498 0009</span> '
                     r'<strong>\(number to be confirmed\)</strong></a>', page)
    youth = page[page.index('data-id="youth-bus"'):]
    youth = youth[: youth.index("</p>", youth.index('class="sos-checked"'))]
    assert "No direct number yet (to be confirmed)." in youth
    assert "For advice, not a route in:" in youth
    assert "tel:+441914980001" in youth and "tel:+441914980009" not in youth
    assert "Review overdue: confirm before relying on it" in youth
    assert "Not yet confirmed by the service: from public pages checked 1 January 2020" in youth


def test_lean_page_loads_no_material_bundle_search_fonts_or_inline_script(fixture_site):
    page = sos_html(fixture_site)
    assert "assets/stylesheets/" not in page and "assets/javascripts/" not in page
    assert "search" not in re.sub(r'role="search"|type="search"|>Search: |Clear the search', "", page)  # no theme search
    assert "fonts.googleapis" not in page and "@font-face" not in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts == [(' src="../assets/sos.js" defer data-warm', ""), (' src="../assets/open-now.js" defer', "")]
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers (a CSP may forbid them)
    assert '<link rel="manifest" href="../assets/sos.webmanifest">' in page
    assert '<a href="../">&larr; Full early help guide</a>' in page


def test_page_and_everything_it_loads_fit_the_budget(fixture_site):
    loaded = offline.resources(fixture_site, "sos/")
    assert loaded == ["assets/sos.webmanifest", "assets/sos-192.png", "assets/sos.js", "assets/open-now.js",
                      "assets/sos-512.png"]
    files = ["sos/index.html", *loaded, "sw.js"]
    sizes = {f: len(gzip.compress((fixture_site / f).read_bytes())) for f in files}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_home_page_and_nav_link_to_the_sos_list():
    assert "](sos/index.md)" in (ROOT / "docs" / "index.md").read_text()
    nav = (ROOT / "mkdocs.yml").read_text().split("\nnav:\n", 1)[1]
    assert re.search(r"^  - .+: sos/index\.md$", nav, re.M)


def test_special_characters_on_the_sos_list_are_escaped(addressed_site):
    page = sos_html(addressed_site)
    assert '<p class="sos-for">Tea &amp; &#34;chat&#34; at 6</p>' in page
    assert "Drop in &amp; say &#39;hi&#39; &amp;amp; more" in page


# --- QR code -------------------------------------------------------------------------------------------------

def test_qr_code_opens_the_sos_page_when_the_site_address_is_known(addressed_site):
    svg = (addressed_site / "assets" / "sos-qr.svg").read_bytes()
    assert svg == offline.qr_svg(SITE_URL + "sos/") and svg.startswith(b"<svg")
    page = sos_html(addressed_site)
    assert f'<img class="sos-qr" src="../assets/sos-qr.svg" width="144" height="144" alt="QR code that opens {SITE_URL}sos/">' in page
    assert "No QR code yet" not in page


def test_without_a_site_address_there_is_no_qr_code_and_no_developer_words(fixture_site):
    assert not (fixture_site / "assets" / "sos-qr.svg").exists()
    page = sos_html(fixture_site)
    assert "<img" not in page and "site_url" not in page and "mkdocs.yml" not in page


def test_print_styles_keep_numbers_visible():
    shell = (ROOT / "overrides" / "sos.html").read_text()
    print_css = shell[shell.index("@media print{"):shell.index("</style>")]
    assert ".sos-call{padding:0" in print_css and "color:#000" in print_css  # the number is the link text
    assert "[hidden].sos-sit,[hidden].sos-item{display:block!important}" in print_css  # a search never hides


# --- icons and manifest --------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", offline.ICON_SIZES)
def test_icons_are_small_square_pngs(size):
    png = offline.icon_png(size)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", png[16:24]) == (size, size)
    assert len(png) < 2048


def test_manifest_starts_at_the_sos_page_with_both_icons():
    manifest = json.loads((ROOT / "docs" / "assets" / "sos.webmanifest").read_text())
    assert manifest["start_url"] == "../sos/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"].startswith("#")
    assert [(i["src"], i["sizes"]) for i in manifest["icons"]] == [("sos-192.png", "192x192"), ("sos-512.png", "512x512")]


# --- the service worker's files ------------------------------------------------------------------------------

def worker_settings(site):
    text = (site / "sw.js").read_text()
    return json.loads(re.search(r"const BUILD = (\{.*?\n\});", text, re.S).group(1))


def test_worker_pre_caches_the_sos_page_and_its_files(fixture_site):
    settings = worker_settings(fixture_site)
    assert settings["core"] == ["sos/", *offline.resources(fixture_site, "sos/")]
    assert settings["cache"].startswith("earlyhelp-") and settings["built"] == long_date(
        read_directory(FIXTURES / "valid.yaml").today)
    assert settings["keep"] == ["sos/", "levels/", "pathways/"]
    source = (fixture_site / "sw.js").read_text()
    assert "Offline — list as of" in source and "skipWaiting" in source and "caches.delete" in source


def fake_site(tmp_path, extra_pages=()):
    site = tmp_path / "site"
    for url, body in {"sos/": '<link rel="manifest" href="../m.webmanifest"><script src="../assets/a.js"></script>'
                             '<script src="https://cdn.example.org/x.js"></script><img src="//example.org/i.png">'
                             '<img src="data:image/png;base64,AA==">',
                      "levels/2/": '<link rel="stylesheet" href="../../assets/s.css"><a href="../../other/">x</a>',
                      "pathways/p/": '<link rel="icon" href="/assets/missing.png">',
                      "services/icrt/": '<script src="../../assets/a.js"></script>', **dict(extra_pages)}.items():
        (site / url).mkdir(parents=True, exist_ok=True)
        (site / url / "index.html").write_text(body)
    (site / "assets").mkdir()
    (site / "assets" / "a.js").write_text("a")
    (site / "assets" / "s.css").write_text("s")
    (site / "m.webmanifest").write_text('{"icons": [{"src": "assets/i.png"}, {"src": "https://example.org/x.png"}]}')
    (site / "assets" / "i.png").write_bytes(b"png")
    return site


def test_resources_are_same_site_files_that_exist(tmp_path):
    site = fake_site(tmp_path)
    assert offline.resources(site, "sos/") == ["m.webmanifest", "assets/a.js", "assets/i.png"]
    assert offline.resources(site, "levels/2/") == ["assets/s.css"]
    assert offline.resources(site, "pathways/p/") == []  # a file that was not built is not pre-cached


def test_resources_of_a_real_theme_page_include_its_scripts_after_inline_json(shipped_site):
    """Material puts a JSON <script> before its bundle: the scan must not read the rest of the page as script."""
    found = offline.resources(shipped_site, "levels/2/")
    assert any(re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", url) for url in found), found
    assert any(re.fullmatch(r"assets/stylesheets/main\.\w+\.min\.css", url) for url in found), found
    assert "assets/extra.css" in found and "assets/guide.js" in found


def test_worker_lists_level_and_pathway_pages_found_in_the_built_site(tmp_path):
    settings = offline.write_worker(fake_site(tmp_path), TODAY)
    assert settings["core"] == ["sos/", "m.webmanifest", "assets/a.js", "assets/i.png"]
    assert settings["warm"] == ["levels/2/", "assets/s.css", "pathways/p/"]  # not services/: not kept offline
    assert all("//" not in url for url in settings["core"] + settings["warm"])
    assert settings["built"] == "6 December 2026"


def test_cache_name_changes_when_and_only_when_cached_content_changes(tmp_path):
    site = fake_site(tmp_path)
    first = offline.write_worker(site, TODAY)["cache"]
    assert offline.write_worker(site, TODAY)["cache"] == first  # a rebuild of the same content
    (site / "services" / "icrt" / "index.html").write_text("changed, but not saved offline")
    assert offline.write_worker(site, TODAY)["cache"] == first
    (site / "levels" / "2" / "index.html").write_text("new level 2 text")
    second = offline.write_worker(site, TODAY)["cache"]
    (site / "assets" / "a.js").write_text("new script")
    third = offline.write_worker(site, TODAY)["cache"]
    assert len({first, second, third}) == 3


def test_qr_is_written_only_with_a_site_address():
    assert offline.QR_FILE not in offline.static_files("")
    assert offline.static_files("https://example.org/guide")[offline.QR_FILE] == offline.qr_svg(
        "https://example.org/guide/sos/")


def test_the_shipped_page_with_everything_it_loads_fits_the_budget(shipped_site):
    """The real list (ten situations, every number with its hours and the open-now script), not only the fixture's."""
    files = ["sos/index.html", *offline.resources(shipped_site, "sos/"), "sw.js"]
    assert "assets/open-now.js" in files
    sizes = {f: len(gzip.compress((shipped_site / f).read_bytes())) for f in files}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_each_family_hub_on_the_shipped_list_gives_its_street(shipped_site):
    page = html.unescape((shipped_site / "sos" / "index.html").read_text(encoding="utf-8"))
    directory = read_directory(ROOT / "services.yaml")
    hubs = [s for s in directory.sos() if s.location]
    assert len(hubs) >= 5
    for s in hubs:
        entry = page[page.index(f'data-id="{s.id}"'):]
        entry = entry[:entry.index('class="sos-checked"')]
        assert f"Where:</strong> {s.location.words}" in entry, s.id
