"""Every generated page, listed in one place."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from . import changes, reference, sos, urls, worklist
from .changes_feed import FEED_FILE
from .guidance import markdown_title, open_questions
from .health import health
from .settings import Settings
from .model import Directory
from .render import render, root_from, rule_html


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where it pretends to sit in docs/, e.g. services/icrt.md
    title: str
    description: str
    template: str  # ours, in earlyhelp/templates: the page body
    values: dict = field(default_factory=dict, compare=False)
    theme_template: str = ""  # the theme's page template, if not Material's main.html (e.g. a lean one)
    # Whether the theme's search parses this page. Lists repeat what service pages say; service pages are
    # indexed from the data instead (search.py), which is much faster than parsing their HTML.
    searchable: bool = True

    @property
    def url(self) -> str:
        return urls.published(self.src_uri)

    def html(self, directory: Directory, **site) -> str:  # site: build settings, e.g. the repository URL
        return render(self.template, directory=directory, root=root_from(self.url), **self.values, **site)


FACETS = (  # (folder, heading of the index, labels attribute, how to select services)
    ("by-need", urls.FACETS["by-need"], "needs", Directory.with_need),
    ("by-level", urls.FACETS["by-level"], "levels", Directory.at_level),
    ("by-area", urls.FACETS["by-area"], "areas", Directory.in_area),
)
FACET_INTROS = {
    "by-need": "What the service helps with. A service can appear under several needs.",
    "by-level": "The threshold levels each service works at. Check the level of need before referring.",
    "by-area": "Sunderland's five areas. Each area's list includes the services that work citywide.",
}


NO_HISTORY = changes.History(missing="it was built without reading the history")
NO_SETTINGS = Settings()  # the defaults (frozen: safe to share)


def all_pages(directory: Directory, pathways=(), docs_dir: Path | None = None,
              settings: Settings = NO_SETTINGS, history: changes.History = NO_HISTORY,
              questions: tuple | None = None) -> list[GeneratedPage]:
    """questions: the worklist's, when the caller has them already (generate.py also writes them as CSV)."""
    pages = [GeneratedPage(urls.a_to_z().src, "Services A to Z", "Every early help service in Sunderland, A to Z.",
                           "index_az.html", {"groups": _by_letter(directory)}, searchable=False)]
    for slug, heading, attribute, select in FACETS:
        labels = getattr(directory.labels, attribute)
        facets = [(key, label, len(select(directory, key))) for key, label in labels.items()]
        pages.append(GeneratedPage(urls.facet_index(slug).src, heading, FACET_INTROS[slug], "facet_index.html",
                                   {"title": heading, "intro": FACET_INTROS[slug], "facets": facets, "slug": slug}))
        for key, label, _count in facets:
            title = f"{label}: services"
            pages.append(GeneratedPage(urls.facet(slug, key).src, title, f"Early help services in Sunderland: {label}.",
                                       "facet.html", {"title": title, "intro": "", "slug": slug, "back": heading,
                                                      "services": select(directory, key)}, searchable=False))
    pages += [GeneratedPage(urls.service(s.id).src, s.name, s.summary, "service.html",
                            {"s": s, "changes": history.of("service", s.id, directory.today, changes.SERVICE_DAYS),
                             "change_days": changes.SERVICE_DAYS},
                            searchable=False) for s in directory.services]
    pages += pathway_pages(pathways, docs_dir, directory.schedules)
    pages.append(GeneratedPage(urls.sos().src, "SOS list: where families can get help",
                               "Police officers' list of early help services in Sunderland: one-tap numbers, works offline.",
                               "sos_list.html",
                               sos.page_values(directory, settings.site_url, history.new_numbers(directory.today)),
                               theme_template="sos.html"))  # lean: not Material's bundle (overrides/sos.html)
    pages.append(GeneratedPage(urls.field_reference().src, "Field reference for services.yaml and situations.yaml",
                               "Every field of services.yaml and situations.yaml: what it means, whether it is "
                               "required, allowed values.",
                               "fields.html", {"sections": reference.sections(),
                                              "situation_sections": reference.situation_sections()}))
    pages.append(changes_page(directory, pathways, history))
    found = open_questions(directory, settings, pathways, docs_dir) if questions is None else questions
    pages.append(GeneratedPage(urls.data_health().src, "Data health", "Entries that need a review, a confirmed contact or a "
                               "missing field.", "health.html", {"health": health(directory), "questions": found},
                               searchable=False))  # for editors: readers' searches should not land here
    pages.append(GeneratedPage(urls.worklist().src, "Confirmation worklist", "Every question the partnership and services must "
                               "answer before the guide's details count as confirmed.", "worklist.html",
                               {"groups": worklist.by_owner(found), "total": len(found), "csv": worklist.CSV_FILE},
                               searchable=False))
    return pages


def changes_page(directory: Directory, pathways, history: changes.History) -> GeneratedPage:
    groups = [(day, [(c, changes.link(c, directory, pathways)) for c in items])
              for day, items in history.by_day(directory.today)]
    return GeneratedPage(urls.changes().src, "What's changed", "Services, numbers, routes and pathways that changed in "
                         "the last 12 months, newest first.", "changes.html",
                         {"history": history, "groups": groups, "feed": FEED_FILE},
                         searchable=False)  # it repeats service names: searches should land on the services


def pathway_pages(pathways, docs_dir: Path | None, schedules: dict | None = None) -> list[GeneratedPage]:
    """The pathways index, then one page per route through each pathway (so each shows its own trail),
    and each step's immediate-risk exit."""
    pages = [GeneratedPage(urls.pathways_index().src, "Pathways: what to do when you are worried",
                           "Step-by-step routes for common decisions about a child.", "pathways_index.html",
                           {"pathways": pathways})]
    guides = sorted({g for p in pathways for o in p.outcomes.values() for g in o.guides})
    shared = {"guide_urls": {g: urls.guide(g).url for g in guides},
              "guide_titles": {g: markdown_title(docs_dir / g) if docs_dir else g for g in guides},
              "rule_html": {r: rule_html(r, schedules=schedules) for r in sorted({r for p in pathways for o in p.outcomes.values()
                                                              for r in o.rules})}}
    for pathway in pathways:
        url = lambda route, pathway=pathway: urls.pathway(pathway.id, route).url  # noqa: E731
        indexed = set()  # search finds a pathway's start and each outcome once, at the first route reaching it
        for route, node in pathway.routes():
            is_step = hasattr(node, "answers")
            searchable = not route or (not is_step and node.id not in indexed)
            if not is_step:
                indexed.add(node.id)
            pages.append(GeneratedPage(
                urls.pathway(pathway.id, route).src,
                node.question if is_step else node.title, pathway.summary,
                "pathway_step.html" if is_step else "pathway_outcome.html",
                {"pathway": pathway, "node": node, "start_url": url(()), "back_url": url(route[:-1]) if route else "",
                 "trail": [(step, answer, url(r)) for r, step, answer in pathway.trail(route)],
                 "answers": [(a, url(route + (n,))) for n, a in enumerate(node.answers, 1)] if is_step else [],
                 "exit_url": urls.pathway_exit(pathway.id, node.exit).url if is_step else "", **shared},
                searchable=searchable))
        exits = {step.exit for step in pathway.steps.values()}
        for exit_id in sorted(exits):
            pages.append(GeneratedPage(urls.pathway_exit(pathway.id, exit_id).src, pathway.outcomes[exit_id].title,
                                       pathway.summary, "pathway_outcome.html",
                                       {"pathway": pathway, "node": pathway.outcomes[exit_id], "trail": [],
                                        "start_url": url(()), "back_url": "", "answers": [], "exit_url": "",
                                        **shared}, searchable=False))
    return pages


def _by_letter(directory: Directory):
    first = lambda s: s.name[:1].upper() if s.name[:1].isalpha() else "#"  # noqa: E731
    return [(letter, tuple(group)) for letter, group in itertools.groupby(directory.services, key=first)]
