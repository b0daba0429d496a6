"""Every generated page, listed in one place."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from . import reference
from .model import Directory
from .render import render, root_from


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where it pretends to sit in docs/, e.g. services/icrt.md
    title: str
    description: str
    template: str  # ours, in earlyhelp/templates: the page body
    values: dict = field(default_factory=dict, compare=False)
    theme_template: str = ""  # the theme's page template, if not Material's main.html (e.g. a lean one)

    @property
    def url(self) -> str:
        stem = self.src_uri[: -len(".md")]
        stem = stem[: -len("index")] if stem.endswith("index") else stem + "/"
        return stem

    def html(self, directory: Directory) -> str:
        return render(self.template, directory=directory, root=root_from(self.url), **self.values)


FACETS = (  # (folder, heading of the index, labels attribute, how to select services)
    ("by-need", "Services by need", "needs", Directory.with_need),
    ("by-level", "Services by level of need", "levels", Directory.at_level),
    ("by-area", "Services by area", "areas", Directory.in_area),
)
FACET_INTROS = {
    "by-need": "What the service helps with. A service can appear under several needs.",
    "by-level": "The threshold levels each service works at. Check the level of need before referring.",
    "by-area": "Sunderland's five areas. Each area's list includes the services that work citywide.",
}


def all_pages(directory: Directory) -> list[GeneratedPage]:
    pages = [GeneratedPage("services/index.md", "Services A to Z", "Every early help service in Sunderland, A to Z.",
                           "index_az.html", {"groups": _by_letter(directory)})]
    for slug, heading, attribute, select in FACETS:
        labels = getattr(directory.labels, attribute)
        facets = [(key, label, len(select(directory, key))) for key, label in labels.items()]
        pages.append(GeneratedPage(f"services/{slug}/index.md", heading, FACET_INTROS[slug], "facet_index.html",
                                   {"title": heading, "intro": FACET_INTROS[slug], "facets": facets, "slug": slug}))
        for key, label, _count in facets:
            title = f"{label}: services"
            pages.append(GeneratedPage(f"services/{slug}/{key}.md", title, f"Early help services in Sunderland: {label}.",
                                       "facet.html", {"title": title, "intro": "", "slug": slug, "back": heading,
                                                      "services": select(directory, key)}))
    pages += [GeneratedPage(f"services/{s.id}.md", s.name, s.summary, "service.html", {"s": s})
              for s in directory.services]
    pages.append(GeneratedPage("reference/fields.md", "Field reference for services.yaml",
                               "Every field of services.yaml: what it means, whether it is required, allowed values.",
                               "fields.html", {"sections": reference.sections()}))
    return pages


def _by_letter(directory: Directory):
    first = lambda s: s.name[:1].upper() if s.name[:1].isalpha() else "#"  # noqa: E731
    return [(letter, tuple(group)) for letter, group in itertools.groupby(directory.services, key=first)]
