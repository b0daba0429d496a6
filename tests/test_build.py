"""Whole builds with MkDocs: generated pages, safe rendering, and failing loudly on bad data."""
import html
import re

import pytest

from earlyhelp import read_directory
from earlyhelp.render import markdown

from .conftest import FIXTURES, ROOT
from .sitebuild import build, fixture_data, fixture_project, write_services
from .test_validate import BROKEN_MESSAGES


def text_of(page) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text()))


def test_every_shipped_service_has_a_page_listed_a_to_z(shipped_site):
    directory = read_directory(ROOT / "services.yaml")
    a_to_z = (shipped_site / "services" / "index.html").read_text()
    for service in directory.services:
        page = shipped_site / "services" / service.id / "index.html"
        assert html.unescape(re.search(r"<h1>(.*?)</h1>", page.read_text()).group(1)) == service.name
        assert f'href="../services/{service.id}/"' in a_to_z


def test_index_pages_by_need_level_and_area(fixture_site):
    by_need = (fixture_site / "services" / "by-need" / "young-people-activities" / "index.html").read_text()
    assert 'href="../../../services/youth-bus/"' in by_need and "icrt/" not in by_need
    by_area = (fixture_site / "services" / "by-area" / "east" / "index.html").read_text()
    assert "youth-bus/" in by_area and "icrt/" in by_area  # citywide services count in every area
    by_level = text_of(fixture_site / "services" / "by-level" / "index.html")
    assert "Level 4: specialist and child protection (3 services)" in " ".join(by_level.split())


def test_service_page_contacts_review_and_overdue_flag(fixture_site):
    page = (fixture_site / "services" / "icrt" / "index.html").read_text()
    assert '<a class="eh-contact__value" href="tel:+441914980001">0191 498 0001</a>' in page
    assert 'href="mailto:frontdoor@example.org"' in page and 'href="https://example.org/front-door"' in page
    assert "Confirmed by the service (Test team lead) on 2 January 2026." in page
    assert "Not yet confirmed" not in page
    assert "Review overdue" not in page
    stale = (fixture_site / "services" / "youth-bus" / "index.html").read_text()
    assert "Review overdue" in stale
    assert "No contact details are published: to be confirmed by the service owner." in stale
    assert 'ask <a href="../../services/icrt/">Front door team</a>.' in stale
    assert '<a class="eh-calls__number" href="tel:+441914980001">0191 498 0001</a>' in stale
    assert "not a confirmed route into the service" in stale
    assert ("Not yet confirmed by the service: compiled from public pages, checked against them on 1 January 2020."
            in " ".join(text_of(stale_path := fixture_site / "services" / "youth-bus" / "index.html").split()))
    assert "Confirmed by the service" not in text_of(stale_path)


def test_every_page_starts_with_the_immediate_risk_route(fixture_site):
    pages = list(fixture_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        text = page.read_text()
        assert 'href="tel:999"' in text and 'href="tel:+441914980001"' in text and 'href="tel:+441914980002"' in text, page


def test_no_page_asks_a_third_party_host(shipped_site):
    for page in shipped_site.rglob("*.html"):
        sources = re.findall(r'(?:src|href)="(https?:)?//([^/"]+)', page.read_text())
        loaded = [host for scheme, host in sources if host]
        # Outbound links (<a href>) are fine; nothing the page loads (scripts, styles, fonts) may be remote.
        assert not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', page.read_text()), (page, loaded)


def hostile(tmp_path, **changes):
    data = fixture_data()
    data["services"][2].update(changes)
    assert data["services"][2]["id"] == "youth-bus"
    return write_services(tmp_path / "hostile.yaml", data)


HOSTILE_DESCRIPTION = ("{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} <script>alert(1)</script> "
                       '<img src=x onerror="alert(2)"> [link](https://example.org/ok)\n\n<b onclick="alert(3)">raw</b>'
                       "\n\nA [reference link][1].\n\n[1]: http://example.org/plain-http")


def test_hostile_description_shows_literally_and_never_runs(tmp_path):
    result = build(fixture_project(tmp_path / "p"), hostile(tmp_path, description=HOSTILE_DESCRIPTION), tmp_path / "s")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "s" / "services" / "youth-bus" / "index.html").read_text()
    body = page[page.index('<div class="eh-description">'):]
    body = body[: body.index("</div>")]
    assert "{{ 7*7 }}" in body and "49" not in body and "{% for x in range(3) %}loop{% endfor %}" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script" not in body
    assert "&lt;img src=x onerror=" in body and "<img" not in body and "<b " not in body
    assert '<a href="https://example.org/ok">link</a>' in body
    assert "http://example.org/plain-http" in body and 'href="http:' not in body  # the check misses this form


@pytest.mark.parametrize("text", [
    "[inline](http://example.org/)", "[reference][1]\n\n[1]: http://example.org/", "[full][x]\n\n[x]: <ftp://e.org>",
    "[collapsed][]\n\n[collapsed]: //example.org/", "[shortcut]\n\n[shortcut]: javascript:alert(1)",
    "<http://example.org/>", "<data:text/html,x>", '<a href="http://example.org/">raw HTML</a>',
    "[relative](../services/)", "[encoded](java%0ascript:alert(1))", "[space]( JaVaScRiPt:alert(1))",
])
def test_every_markdown_link_form_obeys_the_https_mailto_tel_rule(text):
    rendered = str(markdown(text))
    assert "<a " not in rendered and "href" not in rendered.replace("href=&quot;", ""), rendered
    assert html.escape(text.split("\n")[0], quote=True) in rendered  # not a link: shown as typed


@pytest.mark.parametrize("text, href", [
    ("[a](https://example.org/)", "https://example.org/"), ("[a][1]\n\n[1]: HTTPS://example.org/", "HTTPS://example.org/"),
    ("<https://example.org/>", "https://example.org/"), ("<team@example.org>", "mailto:team@example.org"),
    ("[call](tel:+441914980001)", "tel:+441914980001"),
])
def test_https_mailto_and_tel_links_still_work_in_every_form(text, href):
    assert f'<a href="{href}"' in str(markdown(text))


def test_broken_file_fails_the_build_with_every_message_and_writes_nothing(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build")
    result = build(fixture_project(tmp_path / "p"), FIXTURES / "broken.yaml", site)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    for message in BROKEN_MESSAGES:
        assert message.replace("tests/fixtures/broken.yaml", str(FIXTURES / "broken.yaml")) in output
    assert f"{len(BROKEN_MESSAGES)} problems found; nothing was built." in output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "the last good build"


def test_a_macro_naming_an_unknown_service_fails_the_build(tmp_path):
    project = fixture_project(tmp_path / "p")
    (project / "docs" / "about.md").write_text("---\nrender_macros: true\n---\n# About\n\n{{ service_card('nope') }}\n")
    result = build(project, FIXTURES / "valid.yaml", tmp_path / "s")
    assert result.returncode != 0
    assert "no service with id 'nope' in services.yaml" in result.stdout + result.stderr


def test_an_undefined_variable_in_a_guidance_page_fails_the_build(tmp_path):
    project = fixture_project(tmp_path / "p")
    (project / "docs" / "about.md").write_text("---\nrender_macros: true\n---\n# About\n\n{{ no_such_thing }}\n")
    result = build(project, FIXTURES / "valid.yaml", tmp_path / "s")
    assert result.returncode != 0
    assert "'no_such_thing' is undefined" in result.stdout + result.stderr  # this failure, not any failure
    assert not (tmp_path / "s" / "about" / "index.html").exists()


def test_a_broken_internal_link_fails_the_strict_build(tmp_path):
    project = fixture_project(tmp_path / "p")
    (project / "docs" / "about.md").write_text("# About\n\nSee [the missing page](missing.md) and [x](index.md#nope).\n")
    result = build(project, FIXTURES / "valid.yaml", tmp_path / "s")
    assert result.returncode != 0
    assert "missing.md" in result.stdout + result.stderr


def test_field_reference_lists_every_schema_field(fixture_site):
    reference = text_of(fixture_site / "reference" / "fields" / "index.html")
    for field in ("immediate_risk", "how_to_access", "reach_via", "to_confirm", "source_checked", "waiting_time"):
        assert field in reference
    assert "mental-health-crisis : Mental health crisis" in " ".join(reference.split())
    # situations.yaml too, from its own schema: partnership staff edit both files
    raw = (fixture_site / "reference" / "fields" / "index.html").read_text()
    for field in ("do_now", "family_lines", "words", "officer", "who"):
        assert f"<dt><code>{field}</code> —" in raw, field


def test_front_matter_of_every_guidance_page_is_read_not_shown(shipped_site):
    for page in shipped_site.rglob("*.html"):
        assert "render_macros:" not in page.read_text(), page  # unquoted ': ' in front matter shows it as text
