"""A second accessibility engine beside axe: pa11y's HTML_CodeSniffer runner (WCAG 2 AA) at 1280 px wide, over
every hand-written page and one page of each generated template (axe already checks every page; the generated
pages of one template differ only in their data, which is escaped text), in Debian's Chromium (tests/browser/pa11y_pages.js, pa11y pinned in package.json). pa11y's own axe
runner is left out: test_accessibility.py runs axe on every page already. HTML_CodeSniffer adds checks axe does
not make (a form with no submit button, for one).

Every error fails the test unless it is listed in ACCEPTED, and each accepted one must be explained in the
accessibility statement (docs/accessibility.md), saying why it is not a barrier."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, one_page_per_template, require_chromium

pytestmark = pytest.mark.browser

RUNNER = REPO_ROOT / "tests" / "browser" / "pa11y_pages.js"
STATEMENT = REPO_ROOT / "docs" / "accessibility.md"
NO_SUBMIT = "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"   # HTML_CodeSniffer: a form with no submit button

# (pa11y code, the start of the element's markup as pa11y quotes it): the words of docs/accessibility.md that
# explain it. An entry that no page reports any more fails the test, so the list cannot go stale.
ACCEPTED = {
    (NO_SUBMIT, '<form class="md-search__form" name="search">'): "The search box has no submit button",
}


def accepted(issue: dict) -> tuple | None:
    return next((key for key in ACCEPTED if issue["code"] == key[0] and issue["context"].startswith(key[1])), None)


@pytest.fixture(scope="session")
def pa11y_pages(templates) -> list[str]:
    return sorted({path for path, t in templates.items() if t in ("page", "404")} | set(one_page_per_template(templates)))


@pytest.fixture(scope="session")
def pa11y_results(site_url, pa11y_pages) -> dict:
    require_chromium()
    node = shutil.which("node")
    if not (node and (REPO_ROOT / "node_modules" / "pa11y").is_dir()):   # never a skip
        pytest.fail("pa11y needs Node and node_modules: run scripts/setup test "
                    "(PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts)", pytrace=False)
    request = {"base": site_url, "paths": pa11y_pages, "chromium": CHROMIUM, "args": CHROMIUM_ARGS}
    run = subprocess.run([node, str(RUNNER)], input=json.dumps(request), capture_output=True, text=True,
                         timeout=1800, cwd=REPO_ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_pa11y_at_desktop_width(pa11y_results, pa11y_pages, site_pages):
    broken = {path: r["error"] for path, r in pa11y_results.items() if "error" in r}
    assert broken == {}, f"pa11y could not check {len(broken)} pages: {broken}"
    assert sorted(pa11y_results) == pa11y_pages and 20 <= len(pa11y_pages) < len(site_pages) / 2
    errors = [f"--- {path}: {i['code']} ({i['runner']})\n    {i['message']}\n    {i['selector']}\n    {i['context']}"
              for path, r in pa11y_results.items() for i in r["issues"] if not accepted(i)]
    assert not errors, f"{len(errors)} pa11y errors:\n" + "\n".join(errors[:60])


def test_every_accepted_pa11y_error_still_occurs_and_is_explained(pa11y_results):
    seen = {accepted(i) for r in pa11y_results.values() for i in r.get("issues", [])}
    statement = re.sub(r"\s+", " ", STATEMENT.read_text(encoding="utf-8"))
    for key, words in ACCEPTED.items():
        assert key in seen, f"pa11y no longer reports {key}: remove it from ACCEPTED and from {STATEMENT.name}"
        assert words in statement, f"{STATEMENT.name} must explain why {key} is not a barrier ({words!r})"
