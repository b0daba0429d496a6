"""Link integrity: crawl the whole built site, raw HTML and generated pages included; nothing may 404."""
import html.parser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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


def test_every_internal_link_anchor_and_asset_resolves(shipped_site):
    pages = {p: parse(p) for p in shipped_site.rglob("*.html")}
    broken = []
    for page, refs in pages.items():
        here = urljoin(BASE, page.relative_to(shipped_site).as_posix())
        for ref in refs.refs:
            url = urljoin(here, ref)
            if not url.startswith(BASE):
                continue  # tel:, mailto:, https: elsewhere: not ours to crawl in a test
            target = target_file(shipped_site, url[len(BASE) - 1:])
            if target is None:
                broken.append(f"{page.relative_to(shipped_site)}: {ref} (no such file)")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(shipped_site)}: {ref} (no id '{fragment}')")
    assert broken == []
    assert len(pages) > 90  # the crawl really covered the site


def test_every_page_is_reachable_from_the_home_page(shipped_site):
    seen, pending = set(), [shipped_site / "index.html"]
    while pending:
        page = pending.pop()
        if page in seen or page.suffix != ".html":
            continue
        seen.add(page)
        here = urljoin(BASE, page.relative_to(shipped_site).as_posix())
        for ref in parse(page).refs:
            url = urljoin(here, ref)
            if url.startswith(BASE) and (target := target_file(shipped_site, url[len(BASE) - 1:])):
                pending.append(target)
    unreached = sorted(str(p.relative_to(shipped_site)) for p in shipped_site.rglob("*.html") if p not in seen)
    # 404.html is served by the host for unknown addresses; nothing links to it.
    assert unreached == ["404.html"]
