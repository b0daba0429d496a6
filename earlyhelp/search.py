"""Search entries for service pages, written from the data instead of parsed back out of the built HTML.

The theme's search plugin parses every page's HTML, which was the largest single cost of a build with thousands
of services. Service pages are excluded from it (pages.py) and get one entry each here: the service's name as
the title, its number and summary as the text shown, and everything else a professional might search for
(short name, needs, areas, numbers, description) in a field that is indexed but not shown.
Material's search shows entry text as HTML, so every value is escaped, as its own parser does (quotes kept,
so words like "child's" stay searchable).
"""
from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from . import numbers
from .model import Directory, Service
from .render import markdown

INDEX = Path("search") / "search_index.json"  # where Material's search plugin writes it
_TAG = re.compile(r"<[^>]+>")


def service_entry(s: Service, directory: Directory) -> dict:
    """The theme shows `text` under each result, so it is kept to what a phone screen can scan: the summary and
    the number. Everything else a professional might search for is in `more`, indexed but not shown
    (mkdocs.yml: search fields)."""
    labels = directory.labels
    shown = [_number(s, directory), s.summary]  # the number first: a clamped result on a phone still shows it
    searched = [
        s.short_name if s.short_name != s.name else "",
        "Helps with: " + ", ".join(labels.needs[n] for n in s.needs) + ".",
        *(f"{c.label}: {c.value}." for c in s.contacts),
        f"Run by {s.organisation}.", s.how_to_access, s.consent,
        "Levels of need: " + ", ".join(labels.levels[l] for l in s.levels) + ".",
        "Areas: " + ", ".join(labels.areas[a] for a in s.areas) + ".",
        s.cultural_support, ("Languages: " + ", ".join(s.languages) + ".") if s.languages else "",
    ]
    # The description is already safe HTML (render.markdown); its text, entities intact, is all search needs.
    description = " ".join(_TAG.sub(" ", str(markdown(s.description))).split())
    return {"location": s.url, "title": escape(s.name, quote=False), "text": _text(shown),
            "more": f"{_text(searched)} {description}".strip()}


def _number(s: Service, directory: Directory) -> str:
    """The first number to ring, by the one rule (numbers.py), said as the service page says it."""
    offer = numbers.first(s, directory)
    if offer is None:
        return "No published number: see its page."
    flag = " (number to be confirmed)" if offer.doubtful else ""
    if not s.contacts:
        return f"No published number: for advice, ask {offer.owner} on {offer.contact.value}{flag}: {offer.short}."
    return f"Phone {offer.contact.value}{flag}: {offer.short}."


def _text(parts) -> str:
    return " ".join(escape(p, quote=False) for p in parts if p)


# The words professionals type, and what the guide calls the same thing. A page that says either gets both in
# its searched (never shown) field, so "LADO" finds the Designated Officer and "EHCP" the SEND route.
SYNONYMS = {
    "EHCP": ("Education, Health and Care plan", "EHC plan", "EHC needs assessment"),
    "LADO": ("Designated Officer", "local authority designated officer", "allegation about a member of staff"),
    "FGM": ("female genital mutilation",),
    "Gillick": ("Gillick competent", "Gillick competence", "consent for themselves"),
    "CIN": ("child in need", "section 17"),
    "CP": ("child protection", "section 47", "significant harm"),
    "MASH": ("multi-agency safeguarding hub", "ICRT", "Integrated Contact and Referral Team", "front door"),
    "DSL": ("designated safeguarding lead",),
    "SEND": ("special educational needs", "SEN support", "SENCO", "Local Offer"),
    "EDT": ("Emergency Duty Team", "out of hours"),
    "CAMHS": ("children's mental health", "CYPMHS"),
}


def synonyms_for(text: str) -> str:
    """The abbreviations and long forms a text's own words stand for, as one searchable string ("" if none)."""
    folded = text.casefold()
    found = []
    for short, longs in SYNONYMS.items():
        names = (short, *longs)
        if re.search(rf"\b{re.escape(short.casefold())}\b", folded) or any(n.casefold() in folded for n in longs):
            found.extend(names)
    return " ".join(dict.fromkeys(found))


def add_entries(site_dir: Path | str, entries: list[dict]) -> None:
    """Append entries (service_entry's, written before the build) to the search index the theme wrote, and give
    every entry the synonyms of what it says."""
    path = Path(site_dir) / INDEX
    index = json.loads(path.read_text(encoding="utf-8"))
    present = {entry["location"] for entry in index["docs"]}  # step 2 run twice adds nothing twice
    index["docs"].extend(entry for entry in entries if entry["location"] not in present)
    for entry in index["docs"]:
        words = synonyms_for(" ".join(entry.get(k, "") for k in ("title", "text", "more")))
        if words and words not in entry.get("more", ""):
            entry["more"] = f"{entry.get('more', '')} {words}".strip()
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
