"""Step 2 of a build, after the site generator: what must read the finished HTML. Every page gets its
Content-Security-Policy (hashes of the inline scripts the theme wrote), the search index gets the service
entries step 1 prepared, and the offline worker is written with the pages it pre-caches."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from . import csp, offline, search
from .generate import POST_BUILD, Project


class NotGenerated(Exception):
    """Step 1 did not run for this project, so its pages and banner are not what the site shows."""


def finish(site_dir: Path | str, project: Project, serving: bool = False) -> None:
    site = Path(site_dir)
    prepared = project.out / POST_BUILD
    if not prepared.is_file():
        raise NotGenerated(f"{prepared} is missing: run `python -m earlyhelp generate` before the site generator")
    after = json.loads(prepared.read_text(encoding="utf-8"))
    csp.allow_live_reload(serving)  # `mkdocs serve` adds its own inline script as it serves each page
    for page in site.rglob("*.html"):
        page.write_text(csp.with_policy(valid_checkboxes(page.read_text(encoding="utf-8"))), encoding="utf-8")
    if (site / search.INDEX).is_file():
        search.add_entries(site, after["search"])
    offline.write_worker(site, dt.date.fromisoformat(after["built"]))


_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')


def valid_checkboxes(html: str) -> str:
    """The page without the `autocomplete` attribute on checkboxes, where HTML does not allow it. Material's
    base.html puts autocomplete="off" on the hidden checkboxes that open the drawer and the search, outside any
    block an override can replace; browsers take it as a hint, and the Nu HTML Checker reports it as an error."""
    return _CHECKBOX.sub(lambda tag: _AUTOCOMPLETE.sub("", tag.group(0)), html)
