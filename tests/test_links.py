"""Link integrity: crawl the whole built site, raw HTML and generated pages included; nothing may 404."""
import html.parser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import ROOT
from .sitebuild import build, copy_project

BASE = "http://site.invalid/"  # a stand-in origin: links are resolved, never fetched


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                self.refs.append(attrs[name])


def parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def target_file(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path)
    candidate = site / path.lstrip("/")
    if path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("links")
    result = build(copy_project(work / "p"), ROOT / "services.yaml", work / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


def test_every_internal_link_anchor_and_asset_resolves(built):
    pages = {p: parse(p) for p in built.rglob("*.html")}
    broken = []
    for page, refs in pages.items():
        here = urljoin(BASE, page.relative_to(built).as_posix())
        for ref in refs.refs:
            url = urljoin(here, ref)
            if not url.startswith(BASE):
                continue  # tel:, mailto:, https: elsewhere: not ours to crawl in a test
            target = target_file(built, url[len(BASE) - 1:])
            if target is None:
                broken.append(f"{page.relative_to(built)}: {ref} (no such file)")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(built)}: {ref} (no id '{fragment}')")
    assert broken == []
    assert len(pages) > 90  # the crawl really covered the site


def test_every_page_is_reachable_from_the_home_page(built):
    seen, pending = set(), [built / "index.html"]
    while pending:
        page = pending.pop()
        if page in seen or page.suffix != ".html":
            continue
        seen.add(page)
        here = urljoin(BASE, page.relative_to(built).as_posix())
        for ref in parse(page).refs:
            url = urljoin(here, ref)
            if url.startswith(BASE) and (target := target_file(built, url[len(BASE) - 1:])):
                pending.append(target)
    unreached = sorted(str(p.relative_to(built)) for p in built.rglob("*.html") if p not in seen)
    # 404.html is served by the host for unknown addresses; nothing links to it.
    assert unreached == ["404.html"]
