"""Step 1 of a build, before any site generator runs: every generated page, the immediate-danger banner, the
exports and the offline files, written as real files into generated/ (docs/ and overrides/ copied beside them).

A site generator then only renders generated/docs with the theme in generated/overrides; step 2 (finish.py)
reads the finished HTML. Neither needs MkDocs: `python -m earlyhelp generate` and `... finish` run them for a
generator that runs no hooks, and hooks.py calls the same two functions for MkDocs and ProperDocs.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from . import (changes, changes_feed, exports, links, markdown_pages, numbers, offline, open_now, rules, search,
               situations, urls, worklist)
from .guidance import open_questions
from .pages import GeneratedPage, all_pages
from .problems import InvalidData, Problem
from .read import Content, read
from .render import render
from .schemas import SCHEMA_DIR
from .settings import Settings

GENERATED = "generated"  # under the project: mkdocs.yml's docs_dir and theme.custom_dir point into it
DOCS, THEME = "docs", "overrides"
BANNER = "partials/immediate-risk.html"  # included by overrides/main.html: no banner file, no build
POST_BUILD = "post-build.json"  # what step 2 needs from the data, so it never reads services.yaml again
SERVICES_ENV = "EARLYHELP_SERVICES"  # lets tests and benchmarks build from another data file
PATHWAYS_ENV = "EARLYHELP_PATHWAYS"
KEEP = ".gitkeep"  # keeps the two folders in a fresh clone, so a generator's config check passes before step 1


@dataclass(frozen=True)
class Project:
    """Where a build reads from and writes to."""
    root: Path

    @property
    def out(self) -> Path:
        return self.root / GENERATED

    @property
    def services(self) -> Path:
        return Path(os.environ.get(SERVICES_ENV) or self.root / "services.yaml")

    @property
    def pathways(self) -> Path:
        return Path(os.environ.get(PATHWAYS_ENV) or self.root / "pathways")

    @property
    def docs(self) -> Path:  # the hand-written pages, as editors see them
        return self.root / DOCS

    @property
    def theme(self) -> Path:
        return self.root / THEME


_last_read: list = [None, None]  # [inputs' fingerprint, content]: hooks and macros of one build share one read


def content_of(project: Project) -> Content:
    """The project's validated content, read again only when a file it comes from has changed (so each
    `mkdocs serve` rebuild after an edit reads afresh). Raises InvalidData listing every problem."""
    inputs = [project.services, situations.path_beside(project.services), *sorted(project.pathways.glob("*")),
              *sorted(project.docs.rglob("*.md")), *sorted(SCHEMA_DIR.glob("*.json")),
              *sorted(rules.RULES_DIR.glob("*"))]
    fingerprint = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in inputs if p.exists())
    fingerprint += (os.environ.get("EARLYHELP_TODAY"),)
    if _last_read[0] != fingerprint:
        _last_read[:] = [None, read(project.services, project.pathways, project.docs)]
        _last_read[0] = fingerprint
    return _last_read[1]


def generate(content: Content, project: Project, settings: Settings) -> dict[str, int]:
    """Write generated/ to match this content exactly; return how many files each folder holds."""
    history = history_of(project)
    if not history.known:  # a build warning, not a failure: the pages say the same
        print(f"warning: no change history, because {history.missing}; the What's changed page, the feed and "
              "the new-number marks stay empty (fetch the full history: git fetch --unshallow)", file=sys.stderr)
    docs = {path: without_css_comments(data) if path.endswith(".css") else data
            for path, data in copied(project.docs).items()}
    found = open_questions(content.directory, settings, content.pathways, project.docs)  # once: pages and CSV
    docs[worklist.CSV_FILE] = worklist.csv_text(found).encode()
    made = all_pages(content.directory, content.pathways, project.docs, settings, history, found)
    written = page_files(made, content, settings)
    clashes = docs_clashes(made, docs)
    docs.update(written)
    last_changed = history.last_changed(content.directory.today)
    docs.update({path: text.encode()
                 for path, text in exports.files(content.directory, settings.site_url, last_changed).items()})
    docs[changes_feed.FEED_FILE] = changes_feed.atom(history, content.directory, content.pathways,
                                                     settings.site_url).encode()
    docs.update(offline.static_files(settings.site_url))
    docs[open_now.ASSET] = open_now.script(content.directory).encode()
    broken = links.problems({p.url: (written[p.src_uri].decode(), f"templates/{p.template}") for p in made}, docs)
    if clashes or broken:  # nothing written: the last good generated/ stays as it was
        raise InvalidData(clashes + broken)
    theme = copied(project.theme)
    theme[BANNER] = banner(content).encode()
    sync(project.out / DOCS, docs)
    sync(project.out / THEME, theme)
    after = {"site_url": settings.site_url, "built": content.directory.today.isoformat(),
             "search": [search.service_entry(s, content.directory) for s in content.directory.services]}
    write_if_changed(project.out / POST_BUILD, json.dumps(after, ensure_ascii=False).encode())
    return {DOCS: len(docs), THEME: len(theme)}


def history_of(project: Project) -> changes.History:
    return changes.history(project.root, project.services, situations.path_beside(project.services),
                           project.pathways)


def page_files(pages: list[GeneratedPage], content: Content, settings: Settings) -> dict[str, bytes]:
    repository = settings.repository if settings.repository_ready else ""  # no correction links to a placeholder
    return {page.src_uri: page_file(page, content, repository).encode() for page in pages}


def docs_clashes(pages: list[GeneratedPage], docs: dict[str, bytes]) -> list[Problem]:
    """A page in docs/ published where a generated page is: one would silently replace the other."""
    generated = {page.url: page for page in pages}
    return [Problem(f"docs/{src}", 1, 1, "", f"this page would be published at /{urls.guide(src).url}, the address "
                    f"of the generated page '{generated[urls.guide(src).url].title}', and one would replace the other",
                    "another file name, or a link to the generated page")
            for src in sorted(docs) if src.endswith(".md") and urls.guide(src).url in generated]


def page_file(page: GeneratedPage, content: Content, repository: str = "") -> str:
    """A Markdown file whose body is one raw HTML block: Markdown leaves it as it is, so nothing in the data is
    read as Markdown or as a template (mkdocs-macros renders only pages that ask for it)."""
    # Material prints title and description into <title> and <meta> unescaped, so they are escaped here.
    meta = {"title": escape(page.title), "description": escape(page.description)}
    if page.theme_template:
        meta["template"] = page.theme_template
    if not page.searchable:
        meta["search"] = {"exclude": True}
    body = page.html(content.directory, repository=repository)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{front}---\n\n{markdown_pages.OPENING}\n{body.strip()}\n{markdown_pages.CLOSING}\n"


def banner(content: Content) -> str:
    """The immediate-danger banner: the route's confirmed numbers in the one rule's order (numbers.route)."""
    directory = content.directory
    routes = numbers.route(numbers.immediate_risk_pairs(directory), directory)
    return jinja_inert(render("banner.html", routes=routes))


def jinja_inert(html: str) -> str:
    """The banner becomes part of the theme's templates, so braces from the data are written as entities: the
    theme shows them as text and never runs them."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


_CSS_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)


def without_css_comments(css: bytes) -> bytes:
    """Our stylesheets explain every rule in comments, which doubled what each page downloads; readers get the
    rules only (quoted strings kept as they are)."""
    return _CSS_STRING_OR_COMMENT.sub(lambda m: m.group(1) or "", css.decode("utf-8")).encode("utf-8")


def copied(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sync(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold exactly `files`. Unchanged files are left alone, so `mkdocs serve`, which watches
    this folder, sees only real changes."""
    for path, data in files.items():
        write_if_changed(folder / path, data)
    for stale in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        name = stale.relative_to(folder).as_posix()
        if stale.is_file() and name not in files and name != KEEP:
            stale.unlink()
        elif stale.is_dir() and not any(stale.iterdir()):
            stale.rmdir()


def write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def clean(project: Project) -> None:
    """Remove everything generated (for tests that prove a build cannot run without step 1)."""
    for part in (DOCS, THEME):
        shutil.rmtree(project.out / part, ignore_errors=True)
        (project.out / part).mkdir(parents=True)
        (project.out / part / KEEP).touch()
    (project.out / POST_BUILD).unlink(missing_ok=True)
