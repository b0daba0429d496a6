"""Every generated page, listed in one place."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from . import changes, reference, rules, sos, worklist
from .changes_feed import FEED_FILE
from .health import health
from .settings import Settings
from .model import A_TO_Z, Directory, facet_url
from .render import render, root_from


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
        return _page_url(self.src_uri)

    def html(self, directory: Directory, **site) -> str:  # site: build settings, e.g. the repository URL
        return render(self.template, directory=directory, root=root_from(self.url), **self.values, **site)


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


def _source(url: str, index: bool = False) -> str:
    """Where a generated page pretends to sit in docs/ so that MkDocs publishes it at the folder address `url`."""
    return url + "index.md" if index else url[:-1] + ".md"


NO_HISTORY = changes.History(missing="it was built without reading the history")


def all_pages(directory: Directory, pathways=(), docs_dir: Path | None = None,
              settings: Settings = Settings(), history: changes.History = NO_HISTORY,
              questions: tuple | None = None) -> list[GeneratedPage]:
    """questions: the worklist's, when the caller has them already (generate.py also writes them as CSV)."""
    pages = [GeneratedPage(_source(A_TO_Z, index=True), "Services A to Z", "Every early help service in Sunderland, A to Z.",
                           "index_az.html", {"groups": _by_letter(directory)}, searchable=False)]
    for slug, heading, attribute, select in FACETS:
        labels = getattr(directory.labels, attribute)
        facets = [(key, label, len(select(directory, key))) for key, label in labels.items()]
        pages.append(GeneratedPage(_source(facet_url(slug), index=True), heading, FACET_INTROS[slug], "facet_index.html",
                                   {"title": heading, "intro": FACET_INTROS[slug], "facets": facets, "slug": slug}))
        for key, label, _count in facets:
            title = f"{label}: services"
            pages.append(GeneratedPage(_source(facet_url(slug, key)), title, f"Early help services in Sunderland: {label}.",
                                       "facet.html", {"title": title, "intro": "", "slug": slug, "back": heading,
                                                      "services": select(directory, key)}, searchable=False))
    pages += [GeneratedPage(_source(s.url), s.name, s.summary, "service.html",
                            {"s": s, "changes": history.of("service", s.id, directory.today, changes.SERVICE_DAYS)},
                            searchable=False) for s in directory.services]
    pages += pathway_pages(pathways, docs_dir, directory.schedules)
    pages.append(GeneratedPage("sos/index.md", "SOS list: where families can get help",
                               "Police officers' list of early help services in Sunderland: one-tap numbers, works offline.",
                               "sos_list.html",
                               sos.page_values(directory, settings.site_url, history.new_numbers(directory.today)),
                               theme_template="sos.html"))  # lean: not Material's bundle (overrides/sos.html)
    pages.append(GeneratedPage("reference/fields.md", "Field reference for services.yaml and situations.yaml",
                               "Every field of services.yaml and situations.yaml: what it means, whether it is "
                               "required, allowed values.",
                               "fields.html", {"sections": reference.sections(),
                                              "situation_sections": reference.situation_sections()}))
    pages.append(changes_page(directory, pathways, history))
    found = open_questions(directory, settings, pathways, docs_dir) if questions is None else questions
    pages.append(GeneratedPage("data-health.md", "Data health", "Entries that need a review, a confirmed contact or a "
                               "missing field.", "health.html", {"health": health(directory), "questions": found},
                               searchable=False))  # for editors: readers' searches should not land here
    pages.append(GeneratedPage(WORKLIST, "Confirmation worklist", "Every question the partnership and services must "
                               "answer before the guide's details count as confirmed.", "worklist.html",
                               {"groups": worklist.by_owner(found), "total": len(found), "csv": worklist.CSV_FILE},
                               searchable=False))
    return pages


def changes_page(directory: Directory, pathways, history: changes.History) -> GeneratedPage:
    groups = [(day, [(c, changes.link(c, directory, pathways)) for c in items])
              for day, items in history.by_day(directory.today)]
    return GeneratedPage(_source(changes.PAGE), "What's changed", "Services, numbers, routes and pathways that changed in "
                         "the last 12 months, newest first.", "changes.html",
                         {"history": history, "groups": groups, "feed": FEED_FILE},
                         searchable=False)  # it repeats service names: searches should land on the services


WORKLIST = "confirmation-worklist.md"
# Pages about the guide itself: they describe the "to be confirmed" mark, they leave no question open.
ABOUT_THE_GUIDE = {"about.md", "editing.md", "open-data.md", "accessibility.md"}


def open_questions(directory: Directory, settings: Settings, pathways=(), docs_dir: Path | None = None):
    """The worklist's questions: from the services, the site settings and every guidance text readers meet."""
    return worklist.questions(directory, settings, guidance_texts(pathways, docs_dir))


def guidance_texts(pathways=(), docs_dir: Path | None = None) -> list[worklist.Guidance]:
    """Every guidance text readers meet: hand-written pages, pathway outcomes and rules (shown where used)."""
    texts, shown_at = [], {}
    for pathway in pathways:
        seen = set()
        for route, node in pathway.routes():
            if not hasattr(node, "answers") and node.id not in seen:
                seen.add(node.id)
                texts.append(worklist.Guidance(route_url(pathway, route), node.title, node.body))
                for r in node.rules:
                    shown_at.setdefault(r, route_url(pathway, route))
    if docs_dir:
        for path in sorted(Path(docs_dir).rglob("*.md")):
            src = path.relative_to(docs_dir).as_posix()
            if src not in ABOUT_THE_GUIDE:
                text = path.read_text(encoding="utf-8")
                texts.append(worklist.Guidance(_page_url(src), _markdown_title(path), text))
                for r in rules.ids():
                    if f'rule("{r}")' in text or f"rule('{r}')" in text:
                        shown_at[r] = _page_url(src)
    for r in rules.ids():
        # Quoted nowhere else: a rule is stated once (tests/test_rules.py), so the worklist points at it.
        texts.append(worklist.Guidance(shown_at.get(r, ""), f"The rule in rules/{r}.md", rules.load(r).body, quote=False))
    return texts


def pathway_pages(pathways, docs_dir: Path | None, schedules: dict | None = None) -> list[GeneratedPage]:
    """The pathways index, then one page per route through each pathway (so each shows its own trail),
    and each step's immediate-risk exit."""
    pages = [GeneratedPage("pathways/index.md", "Pathways: what to do when you are worried",
                           "Step-by-step routes for common decisions about a child.", "pathways_index.html",
                           {"pathways": pathways})]
    guides = sorted({g for p in pathways for o in p.outcomes.values() for g in o.guides})
    shared = {"guide_urls": {g: _page_url(g) for g in guides},
              "guide_titles": {g: _markdown_title(docs_dir / g) if docs_dir else g for g in guides},
              "rule_html": {r: rules.html(r, schedules=schedules) for r in sorted({r for p in pathways for o in p.outcomes.values()
                                                              for r in o.rules})}}
    for pathway in pathways:
        url = lambda route: route_url(pathway, route)  # noqa: E731
        for route, node in pathway.routes():
            is_step = hasattr(node, "answers")
            pages.append(GeneratedPage(
                _route_src(pathway, route),
                node.question if is_step else node.title, pathway.summary,
                "pathway_step.html" if is_step else "pathway_outcome.html",
                {"pathway": pathway, "node": node, "start_url": url(()), "back_url": url(route[:-1]) if route else "",
                 "trail": [(step, answer, url(r)) for r, step, answer in pathway.trail(route)],
                 "answers": [(a, url(route + (n,))) for n, a in enumerate(node.answers, 1)] if is_step else [],
                 "exit_url": f"pathways/{pathway.id}/{node.exit}/" if is_step else "", **shared},
                searchable=not route))  # search finds a pathway's start; the rest follow from it
        exits = {step.exit for step in pathway.steps.values()}
        for exit_id in sorted(exits):
            pages.append(GeneratedPage(f"pathways/{pathway.id}/{exit_id}.md", pathway.outcomes[exit_id].title,
                                       pathway.summary, "pathway_outcome.html",
                                       {"pathway": pathway, "node": pathway.outcomes[exit_id], "trail": [],
                                        "start_url": url(()), "back_url": "", "answers": [], "exit_url": "",
                                        **shared}, searchable=False))
    return pages


def route_url(pathway, route: tuple[int, ...]) -> str:
    """Site-relative URL of the page a route arrives at: /pathways/ID/ for the start, /pathways/ID/2-1/ after."""
    return f"pathways/{pathway.id}/" + ("-".join(map(str, route)) + "/" if route else "")


def _page_url(src_uri: str) -> str:
    stem = src_uri[: -len(".md")]
    return stem[: -len("index")] if stem.endswith("index") else stem + "/"


def _markdown_title(path: Path) -> str:
    """A guidance page's first '# ' heading, as MkDocs would title it."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def _route_src(pathway, route) -> str:
    return f"pathways/{pathway.id}/" + ("-".join(map(str, route)) + ".md" if route else "index.md")


def _by_letter(directory: Directory):
    first = lambda s: s.name[:1].upper() if s.name[:1].isalpha() else "#"  # noqa: E731
    return [(letter, tuple(group)) for letter, group in itertools.groupby(directory.services, key=first)]
