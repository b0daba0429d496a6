"""The SOS list's icons and QR code (before the build) and service worker (after it), so it installs and opens
with no signal."""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import segno

from . import sos, urls
from .render import long_date

KEEP_OFFLINE = (urls.sos().url, "levels/", urls.pathways_index().url)  # pages the worker saves when visited; pre-cached if built
CACHE_PREFIX = "earlyhelp-"
BRAND = (0x28, 0x35, 0x93)  # the manifest's theme colour
WORKER_SOURCE = Path(__file__).with_name("offline_sw.js")
QR_FILE = "assets/sos-qr.svg"
ICON_SIZES = (192, 512)

_GLYPHS = {  # 5 x 7 pixel letters for the icon: no font files needed
    "S": (".###.", "#...#", "#....", ".###.", "....#", "#...#", ".###."),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
}


def static_files(site_url: str) -> dict[str, bytes]:
    """The SOS list's icons, and its QR code only when the site's address is known, by path in the site."""
    files = {f"assets/sos-{size}.png": icon_png(size) for size in ICON_SIZES}
    if site_url:
        files[QR_FILE] = qr_svg(sos.public_address(site_url))
    return files


def write_worker(site_dir: Path | str, built: dt.date) -> dict:
    """Write sw.js, which pre-caches pages scanned from the finished site; return the worker's settings."""
    site = Path(site_dir)
    core = [sos.PAGE, *resources(site, sos.PAGE)]
    # An officer who opens the list may follow any of its links with no signal: those pages are kept too.
    linked = [url for url in linked_pages(site, sos.PAGE) if not url.startswith(KEEP_OFFLINE)]
    pages = [url for url in built_pages(site) if url.startswith(KEEP_OFFLINE) and url != sos.PAGE] + linked
    warm = list(dict.fromkeys(u for page in pages for u in (page, *resources(site, page)) if u not in core))
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    settings = {"built": long_date(built), "prefix": CACHE_PREFIX, "core": core, "warm": warm,
                "keep": list(KEEP_OFFLINE), "linked": linked}
    settings = {"cache": CACHE_PREFIX + content_hash(site, core + warm, json.dumps(settings) + source), **settings}
    (site / "sw.js").write_text(f"// Written by earlyhelp/offline.py for this build.\nconst BUILD = "
                                f"{json.dumps(settings, indent=1)};\n{source}", encoding="utf-8")
    return settings


def qr_svg(address: str) -> bytes:
    out = io.BytesIO()
    segno.make(address, error="m", micro=False).save(out, kind="svg", border=4, omitsize=True, xmldecl=False,
                                                     title="QR code: the SOS list", dark="#000", light="#fff")
    return out.getvalue()


def content_hash(site: Path, urls: list[str], extra: str) -> str:
    """Changes whenever anything the worker caches changes, so each build gets its own cache."""
    digest = hashlib.sha256(extra.encode())
    for url in sorted(urls):
        digest.update(url.encode() + b"\0" + _file(site, url).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def built_pages(site: Path) -> list[str]:
    """Site-relative URL of every built page, e.g. 'levels/2/'."""
    return sorted(p.relative_to(site).as_posix()[: -len("index.html")] for p in site.rglob("index.html"))


def resources(site: Path, page: str) -> list[str]:
    """Same-site files a page loads (styles, scripts, images, manifest and its icons), as site-relative URLs."""
    collector = _Resources()
    # Only the tags that can load something are parsed: feeding the whole page to HTMLParser was slow.
    collector.feed("".join(_LOADING_TAGS.findall(_file(site, page).read_text(encoding="utf-8"))))
    found = [url for ref in collector.refs if (url := _site_url(page, ref)) and _file(site, url).is_file()]
    for manifest in [url for url in found if url.endswith(".webmanifest")]:
        icons = json.loads(_file(site, manifest).read_text(encoding="utf-8")).get("icons", [])
        found += [url for icon in icons if (url := _site_url(manifest, icon["src"])) and _file(site, url).is_file()]
    return list(dict.fromkeys(found))


def linked_pages(site: Path, page: str) -> list[str]:
    """Built pages of this site that a page links to, as site-relative URLs (anchors and queries dropped)."""
    found = []
    for ref in _ANCHOR_HREF.findall(_file(site, page).read_text(encoding="utf-8")):
        url = _site_url(page, html.unescape(ref))
        if url is not None and (url == "" or url.endswith("/")) and _file(site, url).is_file():
            found.append(url)
    return list(dict.fromkeys(found))


_ANCHOR_HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"#]*)[\"#]", re.IGNORECASE)
_LOADING_TAGS = re.compile(r"</?(?:link|script|img)\b[^>]*>", re.IGNORECASE)


class _Resources(HTMLParser):
    LINK_RELS = {"stylesheet", "manifest", "icon", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and self.LINK_RELS & set((attrs.get("rel") or "").split()):
            self.refs.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.refs.append(attrs["src"])


def _site_url(base: str, ref: str) -> str | None:
    """A reference resolved against a site-relative URL; None if it leaves the site."""
    parts = urlsplit(urljoin("https://site.invalid/" + base, ref))
    if parts.netloc != "site.invalid" or parts.scheme != "https":
        return None
    return parts.path.lstrip("/")


def _file(site: Path, url: str) -> Path:
    return site / (url + "index.html" if url.endswith("/") or not url else url)


def icon_png(size: int) -> bytes:
    """The app icon: white 'SOS' on the brand colour, as a two-colour PNG."""
    word = [" ".join(_GLYPHS[ch][row] for ch in "SOS").replace(" ", ".") for row in range(7)]
    unit = size // 24
    left, top = (size - unit * len(word[0])) // 2, (size - unit * len(word)) // 2
    rows = []
    for y in range(size):
        row = bytearray(size)  # palette index 0: background
        glyph_row = (y - top) // unit
        if 0 <= y - top < unit * len(word):
            for x, cell in enumerate(word[glyph_row]):
                if cell == "#":
                    row[left + x * unit: left + (x + 1) * unit] = b"\1" * unit
        rows.append(b"\0" + bytes(row))  # filter type 0 per row
    chunk = lambda tag, data: (struct.pack(">I", len(data)) + tag + data  # noqa: E731
                               + struct.pack(">I", zlib.crc32(tag + data)))
    header = struct.pack(">IIBBBBB", size, size, 8, 3, 0, 0, 0)  # 8-bit palette
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", bytes(BRAND) + b"\xff\xff\xff")
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
