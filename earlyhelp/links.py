"""Links checked where they are made: every href and src in the generated pages must reach a page or file that
the same build writes (generated pages, docs/, exports, offline files), and a #fragment into a generated page
an id on it. MkDocs' strict mode only checks links written in Markdown, never the raw HTML our pages are, so
generate.py runs this before writing anything, and a broken link stops the build like bad data does."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from . import urls
from .problems import Problem

BASE = "https://site.invalid/"  # a stand-in origin: links are resolved, never fetched


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, int, int]] = []  # (reference, line, column)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        line, column = self.getpos()
        self.refs += [(attrs[name], line, column + 1) for name in ("href", "src") if attrs.get(name)]


def parsed(html: str) -> _Refs:
    refs = _Refs()
    refs.feed(html)
    refs.close()
    return refs


def target(page_url: str, ref: str) -> tuple[str, str] | None:
    """(site-relative path, fragment) a reference on the page at `page_url` leads to; None when it leaves the
    site (https:, tel:, mailto:, sms:)."""
    parts = urlsplit(urljoin(BASE + page_url, ref))
    if f"{parts.scheme}://{parts.netloc}/" != BASE:
        return None
    return unquote(parts.path)[1:], unquote(parts.fragment)


def problems(pages: dict[str, tuple[str, str]], files) -> list[Problem]:
    """Every broken link in `pages` ({page url: (html, where it comes from)}), given the other `files` the build
    writes (paths relative to the site's docs folder: Markdown pages are published at their folder address)."""
    found = []
    addresses = set(pages) | {urls.published(f) if f.endswith(".md") else f for f in files}
    ids = {url: parsed(html) for url, (html, _) in pages.items()}
    for url, (_, made_by) in pages.items():
        for ref, line, column in ids[url].refs:
            reached = target(url, ref)
            if reached is None:
                continue
            path, fragment = reached
            if path not in addresses:
                found.append(Problem(f"/{url}", line, column, "", f"the link '{ref}' leads to /{path}, which this "
                                     f"build does not write (page made with {made_by})",
                                     "a link to a page or file of the site"))
            elif fragment and path in ids and fragment not in ids[path].ids:
                found.append(Problem(f"/{url}", line, column, "", f"the link '{ref}' leads to /{path}, which has no "
                                     f"id '{fragment}' (page made with {made_by})", "a link to an id on that page"))
    return found
