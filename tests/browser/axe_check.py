"""axe-core, as the browser tests run it: the rules (WCAG 2.0, 2.1 and 2.2 A and AA), injected once per page from
the test server, its report for a failing page, and waiting for the colour scheme to settle before colours are
measured."""
from __future__ import annotations

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

from .conftest import AXE_PATH, wait_until

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}   # data-md-color-scheme for each colour scheme


class CachedAxe(Axe):
    """axe-playwright-python's Axe (same bundled axe-core, same results and report), but injected as a
    <script src> served by the test server, so Chromium compiles the 570 kB of axe-core once rather than on
    every page as ``page.evaluate(script)`` does. On a 150-page site that is a large share of the run time."""

    def run(self, page, context=None, options=None) -> AxeResults:
        page.add_script_tag(url=AXE_PATH)
        return AxeResults(page.evaluate("([context, options]) => axe.run(context || document, options)",
                                        [context, options]))


AXE = CachedAxe()


def wait_for_scheme(page, scheme: str) -> None:
    """Material applies the palette that matches prefers-color-scheme (pages outside the theme have no
    data-md-color-scheme and follow the media query in their own CSS)."""
    wait_until(page, "s => !document.body.dataset.mdColorScheme || document.body.dataset.mdColorScheme === s",
               MATERIAL_SCHEME[scheme])


def report(label: str, results) -> str:
    if isinstance(results, Exception):
        return f"--- {label}: the page could not be checked: {results!r}"
    return f"--- {label}\n{results.generate_report()}"
