"""Search entries for service pages, written from the data instead of parsed back out of the built HTML.

The theme's search plugin parses every page's HTML, which was the largest single cost of a build with thousands
of services. Service pages are excluded from it (pages.py) and get one entry each here: the service's name as
the title, and everything a professional might search for (short name, needs, areas, numbers) as the text.
Material's search shows entry text as HTML, so every value is escaped, as its own parser does (quotes kept,
so words like "child's" stay searchable).
"""
from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from .model import Directory, Service
from .render import markdown

INDEX = Path("search") / "search_index.json"  # where Material's search plugin writes it
_TAG = re.compile(r"<[^>]+>")


def service_entry(s: Service, directory: Directory) -> dict:
    labels = directory.labels
    parts = [  # most useful first: the theme shows the whole text under the title
        s.short_name if s.short_name != s.name else "", s.summary,
        "Helps with: " + ", ".join(labels.needs[n] for n in s.needs) + ".",
        *(f"{c.label}: {c.value}." for c in s.contacts),
        f"Run by {s.organisation}.", s.how_to_access, s.consent,
        "Levels of need: " + ", ".join(labels.levels[l] for l in s.levels) + ".",
        "Areas: " + ", ".join(labels.areas[a] for a in s.areas) + ".",
        s.cultural_support, ("Languages: " + ", ".join(s.languages) + ".") if s.languages else "",
    ]
    text = " ".join(escape(p, quote=False) for p in parts if p)
    # The description is already safe HTML (render.markdown); its text, entities intact, is all search needs.
    description = " ".join(_TAG.sub(" ", str(markdown(s.description))).split())
    return {"location": s.url, "title": escape(s.name, quote=False), "text": f"{text} {description}".strip()}


def add_entries(site_dir: Path | str, entries: list[dict]) -> None:
    """Append entries (service_entry's, written before the build) to the search index the theme wrote."""
    path = Path(site_dir) / INDEX
    index = json.loads(path.read_text(encoding="utf-8"))
    present = {entry["location"] for entry in index["docs"]}  # step 2 run twice adds nothing twice
    index["docs"].extend(entry for entry in entries if entry["location"] not in present)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
