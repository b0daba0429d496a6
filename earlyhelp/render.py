"""HTML for generated pages and macros. Data is always escaped: the templates are ours, the values are not."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import numbers, rules, urls
from .clock import long_date

TEMPLATES = Path(__file__).resolve().parent / "templates"

# CommonMark with HTML off and only https:, mailto: and tel: links; no images (third-party requests) and no
# headings (a description must not break the page's heading order).
_markdown = MarkdownIt("js-default").disable(["image", "heading", "lheading"])
SAFE_LINK = re.compile(r"(?:https://|mailto:|tel:)", re.IGNORECASE)


def safe_link(url: str) -> bool:
    """The one link rule, applied by the parser to every link form CommonMark has: inline `[x](url)`, reference
    `[x][1]` with `[1]: url`, and autolink `<url>` (raw HTML is off, so `<a href>` is text). A link that breaks
    it is not a link: its Markdown shows as typed. `url` is already normalised (trimmed, percent-encoded)."""
    return bool(SAFE_LINK.match(url))


_markdown.validateLink = safe_link


def markdown(text: str) -> Markup:
    return Markup(_rendered(text))


@lru_cache(maxsize=None)  # each description is rendered for its page and again for its search entry
def _rendered(text: str) -> str:
    return _markdown.render(text)


@lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = markdown
    env.filters["long_date"] = long_date
    env.globals.update(facet_url=urls.facet_url, A_TO_Z=urls.a_to_z().url, urls=urls, offers_for=numbers.for_service,
                       ranked=numbers.ranked, urgent_route=numbers.route, outcome_calls=numbers.for_outcome)
    return env


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values)


def root_from(url: str) -> str:
    """Relative prefix from a page URL such as 'services/icrt/' back to the site root."""
    depth = url.strip("/").count("/") + 1 if url.strip("/") else 0
    return "../" * depth


def rule_html(rule_id: str, folder: Path = rules.RULES_DIR, schedules: dict | None = None) -> Markup:
    """A rule from rules/ as one block: an admonition the theme already styles, marked with data-rule for the
    tests."""
    return Markup(render("rule.html", rule=rules.with_hours(rules.load(rule_id, folder), schedules or {})))
