"""Every generated page's address, built in one place: one function per kind of page.

An Address is where a page is published (`url`, site-relative, always a folder: mkdocs.yml keeps
use_directory_urls) and where it pretends to sit in docs/ (`src`). The url is worked out from the src the way
MkDocs does it, so two sources that MkDocs would publish at one address (services/index.md and an id 'index')
have one url here too, and the check can refuse them (`clashes`). Data layer: plain strings, no site imports.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    src: str  # e.g. services/icrt.md
    title: str = ""  # what the page is, for messages naming both pages of a clash

    @property
    def url(self) -> str:
        return published(self.src)


def published(src: str) -> str:
    """The folder address MkDocs publishes a docs/ file at: a/b.md and a/b/index.md are both a/b/."""
    stem = src[: -len(".md")]
    return stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"


def _folder(url: str, title: str) -> Address:  # a page that other pages sit beneath
    return Address(url + "index.md", title)


def _leaf(url: str, title: str) -> Address:
    return Address(url[:-1] + ".md", title)


SERVICES = "services/"  # the folder of every service page and list page
FACETS = {"by-need": "Services by need", "by-level": "Services by level of need", "by-area": "Services by area"}


def a_to_z() -> Address:
    return _folder(SERVICES, "Services A to Z")


def service(service_id: str) -> Address:
    return _leaf(f"{SERVICES}{service_id}/", f"the page of the service '{service_id}'")


def facet_index(slug: str) -> Address:
    return _folder(f"{SERVICES}{slug}/", FACETS[slug])


def facet(slug: str, key) -> Address:
    return _leaf(f"{SERVICES}{slug}/{key}/", f"{FACETS[slug]}: {key}")


def facet_url(slug: str, key=None) -> str:
    """The address of a list page, for templates: facet_url('by-need') or facet_url('by-need', 'parenting')."""
    return (facet_index(slug) if key is None else facet(slug, key)).url


def pathways_index() -> Address:
    return _folder("pathways/", "Pathways")


def pathway(pathway_id: str, route: tuple[int, ...] = ()) -> Address:
    """The page a route through a pathway arrives at: pathways/ID/ for the first question, pathways/ID/2-1/
    after answering 2 then 1."""
    if not route:
        return _folder(f"pathways/{pathway_id}/", f"the first question of the pathway '{pathway_id}'")
    steps = "-".join(map(str, route))
    return _leaf(f"pathways/{pathway_id}/{steps}/", f"the pathway '{pathway_id}' after the answers {steps}")


def pathway_exit(pathway_id: str, outcome_id: str) -> Address:
    """The immediate-risk exit offered by a pathway's steps, at its outcome's id."""
    return _leaf(f"pathways/{pathway_id}/{outcome_id}/", f"the exit '{outcome_id}' of the pathway '{pathway_id}'")


def sos() -> Address:
    return _folder("sos/", "SOS list")


def situation(situation_id: str) -> str:
    """A situation's place on the SOS list (a fragment of that page, not a page)."""
    return f"{sos().url}#sit-{situation_id}"


def changes() -> Address:
    return _leaf("changes/", "What's changed")


def data_health() -> Address:
    return _leaf("data-health/", "Data health")


def worklist() -> Address:
    return _leaf("confirmation-worklist/", "Confirmation worklist")


def field_reference() -> Address:
    return _leaf("reference/fields/", "Field reference")


def guide(src: str) -> Address:
    """A hand-written page in docs/, e.g. guide('escalation.md')."""
    return Address(src, f"the page docs/{src}")


def single_pages() -> tuple[Address, ...]:
    """The pages there is one of, whatever the data says."""
    return (a_to_z(), *(facet_index(slug) for slug in FACETS), pathways_index(), sos(), changes(), data_health(),
            worklist(), field_reference())


def clashes(addresses) -> list[tuple[Address, Address]]:
    """(first, later) for every address whose page would replace an earlier one's, in the order given."""
    first: dict[str, Address] = {}
    found = []
    for address in addresses:
        if address.url in first:
            found.append((first[address.url], address))
        else:
            first[address.url] = address
    return found
