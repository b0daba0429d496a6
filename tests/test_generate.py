"""The build's two steps as files (earlyhelp/generate.py, finish.py): what they write, that the data in them is
inert, and that a site never ships without the immediate-danger numbers, whichever builder ran."""
import dataclasses
import re
import shutil
from pathlib import Path

import markdown
import pytest

from earlyhelp import InvalidData, read, render, urls
from earlyhelp.generate import GENERATED, Project, banner, generate, page_file, sync, without_css_comments
from earlyhelp.pages import all_pages
from earlyhelp.settings import Settings

from .conftest import FIXTURES, ROOT, TODAY
from .sitebuild import build, build_without_hooks, copy_project, fixture_data, fixture_project, write_services

BANNER = re.compile(r'<section class="eh-urgent"[^>]*>(.*?)</section>', re.S)
SHIPPED_URGENT = ('href="tel:999"', 'href="tel:+441915205560"', 'href="tel:+441915205552"')


def test_the_banner_number_is_never_one_marked_to_confirm(tmp_path):
    data = fixture_data()
    data["services"][1]["contacts"].insert(0, {"label": "Old line", "phone": "0191 498 0009",
                                               "source": "An old page", "to_confirm": True})
    content = read(write_services(tmp_path / "first-doubtful.yaml", data), today=TODAY)
    html = banner(content)
    assert "0191 498 0001" in html and "0191 498 0009" not in html


def test_braces_in_the_banner_are_text_not_theme_template():
    """The banner becomes a theme partial, which Jinja renders. The schema already refuses braces in hours;
    should one get past it, the banner still writes them as entities, never as template code."""
    content = read(FIXTURES / "valid.yaml", today=TODAY)
    front = content.directory.immediate_risk[1]
    front = dataclasses.replace(front, short_name="{{ 7*7 }} {% include 'main.html' %}")
    directory = dataclasses.replace(content.directory, immediate_risk=(front,))
    html = banner(dataclasses.replace(content, directory=directory))
    assert "{" not in html and "}" not in html
    assert "&#123;&#123; 7*7 &#125;&#125; &#123;% include &#39;main.html&#39; %&#125;" in html


def test_a_generated_page_is_one_raw_html_block_so_markdown_syntax_in_the_data_stays_text(tmp_path):
    data = fixture_data()
    data["services"][2]["summary"] = "*not emphasis* [a link](javascript:alert(1)) `code`\n\n!!! note\n    admonition"
    site = tmp_path / "s"
    result = build(fixture_project(tmp_path / "p"), write_services(tmp_path / "md.yaml", data), site)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "services" / "youth-bus" / "index.html").read_text()
    article = page[page.index('<div class="eh-generated">'):]
    assert "*not emphasis* [a link](javascript:alert(1)) `code`" in article
    assert "javascript:" not in re.sub(r"\[a link\]\(javascript:alert\(1\)\)", "", article)
    assert "<em>not emphasis</em>" not in article and 'class="admonition' not in article


def test_page_file_front_matter_is_escaped_yaml():
    content = read(FIXTURES / "valid.yaml", today=TODAY)
    page = next(p for p in all_pages(content.directory) if p.src_uri == "services/youth-bus.md")
    page = dataclasses.replace(page, title='Bus\nrender_macros: true\n<b>"x"</b>')  # the schema refuses these
    text = page_file(page, content)
    front = text.split("---\n")[1]
    assert "\nrender_macros: true" not in front  # the newline stayed inside the quoted title
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in front


def test_sync_writes_only_changes_and_removes_what_is_gone(tmp_path):
    folder = tmp_path / "out"
    sync(folder, {"a.md": b"one", "sub/b.md": b"two"})
    (folder / ".gitkeep").touch()
    before = (folder / "a.md").stat().st_mtime_ns
    sync(folder, {"a.md": b"one", "c.md": b"three"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [".gitkeep", "a.md", "c.md"]
    assert (folder / "a.md").stat().st_mtime_ns == before  # untouched: `mkdocs serve` sees no change


def test_every_page_of_the_shipped_site_opens_with_the_emergency_numbers(shipped_site):
    pages = sorted(shipped_site.rglob("*.html"))
    assert len(pages) > 90
    for page in pages:
        text = page.read_text()
        if page.parent.name == "sos":  # the lean SOS page carries its urgent box instead of the banner
            assert all(tel in text for tel in SHIPPED_URGENT), page
            continue
        found = BANNER.search(text)
        assert found and all(tel in found.group(1) for tel in SHIPPED_URGENT), page


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("properdocs")
    result = build(copy_project(work / "project"), ROOT / "services.yaml", work / "site", builder="properdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="module")
def hookless_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hookless")
    results = build_without_hooks(copy_project(work / "project"), ROOT / "services.yaml", work / "site")
    assert all(r.returncode == 0 for r in results), [r.stdout + r.stderr for r in results]
    return work / "site"


def files_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def comparable(text: str) -> str:
    """A page without what rightly differs between builders: the generator tag."""
    return re.sub(r'<meta name="generator"[^>]*>', "", text)


@pytest.mark.parametrize("other", ["properdocs_site", "hookless_site"])
def test_another_builder_makes_the_same_site(shipped_site, other, request):
    site = request.getfixturevalue(other)
    assert files_of(site) == files_of(shipped_site)
    different = [name for name in files_of(shipped_site) if name.endswith(".html")
                 and comparable((site / name).read_text()) != comparable((shipped_site / name).read_text())]
    assert different == []
    for page in site.rglob("*.html"):
        if page.parent.name != "sos":
            assert all(tel in BANNER.search(page.read_text()).group(1) for tel in SHIPPED_URGENT), page
            assert 'http-equiv="Content-Security-Policy"' in page.read_text(), page


def test_without_hooks_and_without_step_one_there_is_no_site_rather_than_one_without_numbers(tmp_path):
    results = build_without_hooks(copy_project(tmp_path / "p"), ROOT / "services.yaml", tmp_path / "s",
                                  generate=False)
    assert len(results) == 1 and results[0].returncode != 0  # the generator itself stops: nothing to render
    assert not (tmp_path / "s" / "index.html").exists()


def test_a_theme_without_the_generated_banner_fails_the_build(tmp_path):
    project = fixture_project(tmp_path / "p")
    main = (project / "overrides" / "main.html").read_text()
    assert '{% include "partials/immediate-risk.html" %}' in main  # no "ignore missing": a missing banner stops it
    (project / "overrides" / "main.html").write_text(main.replace("partials/immediate-risk.html",
                                                                  "partials/no-such-banner.html"))
    result = build(project, FIXTURES / "valid.yaml", tmp_path / "s")
    assert result.returncode != 0 and "no-such-banner.html" in result.stdout + result.stderr


def test_a_generator_config_pointing_elsewhere_stops_the_hooks(tmp_path):
    project = copy_project(tmp_path / "p")
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace(f"docs_dir: {GENERATED}/docs", "docs_dir: docs"))
    result = build(project, ROOT / "services.yaml", tmp_path / "s")
    assert result.returncode != 0 and "docs_dir must be" in result.stdout + result.stderr


def test_step_one_writes_nothing_when_the_data_is_broken(tmp_path):
    project = Project(copy_project(tmp_path / "p"))
    results = build_without_hooks(project.root, FIXTURES / "broken.yaml", tmp_path / "s")
    assert results[0].returncode == 1 and "problems found" in results[0].stdout
    assert sorted(p.name for p in (project.out / "docs").iterdir()) == [".gitkeep"]



def test_the_markdown_extension_changes_speed_not_output():
    """earlyhelp.markdown_pages skips the HTML parser's walk over generated pages; Markdown alone must give
    exactly the same HTML, so a builder without the extension still shows the same pages."""
    content = read(ROOT / "services.yaml", ROOT / "pathways", ROOT / "docs", today=TODAY)
    plain = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
    pages = all_pages(content.directory, content.pathways, ROOT / "docs")
    assert len(pages) > 80
    for page in pages:
        body = page_file(page, content).split("---\n", 2)[2]
        assert (markdown.Markdown(extensions=plain + ["earlyhelp.markdown_pages"]).convert(body)
                == markdown.Markdown(extensions=plain).convert(body)), page.src_uri


def test_stylesheets_reach_readers_without_their_comments(shipped_site):
    source = (ROOT / "docs" / "assets" / "extra.css").read_text(encoding="utf-8")
    built = (shipped_site / "assets" / "extra.css").read_text(encoding="utf-8")
    assert "/*" not in built and "*/" not in built
    assert without_css_comments(b'a{content:"/* kept */"}/* gone */b{}') == b'a{content:"/* kept */"}b{}'
    rules = lambda css: re.sub(r"\s+", "", css)  # noqa: E731
    assert rules(built) == rules(re.sub(r"/\*.*?\*/", "", source, flags=re.S))  # every rule, nothing else


def test_every_page_has_an_address_of_its_own():
    """Two pages at one address: the later silently replaces the earlier (the check refuses the ids that would)."""
    content = read(ROOT / "services.yaml", ROOT / "pathways", ROOT / "docs")
    generated = [p.url for p in all_pages(content.directory, content.pathways, ROOT / "docs")]
    written = [urls.guide(p.relative_to(ROOT / "docs").as_posix()).url for p in (ROOT / "docs").rglob("*.md")]
    every = generated + written
    assert sorted(u for u in set(every) if every.count(u) > 1) == []
    assert len(generated) > 80 and urls.a_to_z().url in generated and urls.sos().url in generated


def test_a_broken_link_in_a_generated_page_stops_step_one_naming_page_and_target(tmp_path, monkeypatch):
    """MkDocs' strict mode never looks at raw HTML: step 1 checks every link of the pages it makes, before
    writing anything."""
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, templates)
    index = templates / "pathways_index.html"
    index.write_text(index.read_text() + '<p><a href="{{ root }}pathways/no-such-pathway/">Gone</a></p>\n')
    monkeypatch.setattr(render, "TEMPLATES", templates)
    render.environment.cache_clear()
    project = Project(copy_project(tmp_path / "p"))
    content = read(ROOT / "services.yaml", ROOT / "pathways", ROOT / "docs")
    try:
        with pytest.raises(InvalidData) as error:
            generate(content, project, Settings())
    finally:
        render.environment.cache_clear()
    assert [p.detail for p in error.value.problems] == [
        "the link '../pathways/no-such-pathway/' leads to /pathways/no-such-pathway/, which this build does not "
        "write (page made with templates/pathways_index.html); expected a link to a page or file of the site"]
    assert error.value.problems[0].file == "/pathways/"
    assert sorted(p.name for p in (project.out / "docs").iterdir()) == [".gitkeep"]  # nothing written


def test_a_guidance_page_at_a_generated_page_s_address_stops_the_build(tmp_path):
    project = fixture_project(tmp_path / "p")
    (project / "docs" / "sos.md").write_text("# My own SOS list\n")
    result = build(project, FIXTURES / "valid.yaml", tmp_path / "s")
    assert result.returncode != 0
    assert ("docs/sos.md:1:1: this page would be published at /sos/, the address of the generated page 'SOS list: "
            "where families can get help', and one would replace the other" in result.stdout + result.stderr)
