"""The What's changed page as an Atom feed (changes.xml), for Outlook or any feed reader. feedgen writes and
escapes the XML; every date comes from the history or the build's clock, never from the machine's."""
from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from .changes import PAGE, History, link
from .exports import stable_id

FEED_FILE = "changes.xml"
TITLE = "Sunderland early help guide: what's changed"


def entry_id(change) -> str:
    """The same commit and service always give the same id, in any clone and on any day."""
    return "urn:uuid:" + stable_id("change", change.commit, change.kind, change.key)


def atom(history: History, directory, pathways=(), site_url: str = "") -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""  # relative links resolve against the feed's address
    items = history.within(directory.today)
    feed = FeedGenerator()
    feed.id("urn:uuid:" + stable_id("feed", "changes"))
    feed.title(TITLE)
    feed.subtitle("Services, numbers, routes and pathways that changed in the last 12 months.")
    feed.author({"name": "Sunderland early help guide"})
    feed.link(href=base + PAGE, rel="alternate", type="text/html")
    feed.link(href=base + FEED_FILE, rel="self", type="application/atom+xml")
    feed.language("en-GB")
    # feedgen would stamp the machine's time: the newest change, or the build's day when there is none.
    feed.updated(items[0].when if items else dt.datetime.combine(directory.today, dt.time(), dt.timezone.utc))
    for change in items:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(change))
        entry.title(f"{change.name}: {change.words[0]}" + (" (and more)" if len(change.words) > 1 else ""))
        entry.updated(change.when)
        entry.published(change.when)
        entry.content(" ".join(change.words), type="text")
        address = link(change, directory, pathways)
        if address:
            entry.link(href=base + address, rel="alternate", type="text/html")
    return feed.atom_str(pretty=True).decode("utf-8")
