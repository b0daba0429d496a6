"""Accessibility in a real browser: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every built page at phone
size in the light scheme, and on one page of each template at the other sizes and schemes (what changes with size
and scheme is the template's layout and colours; what changes from page to page of a template is the data, which
the first sweep covers), the search overlay open, and keyboard use from the top of the home page (skip link
first, a visible focus indicator on everything Tab reaches).

A failure prints axe's own report for every page that failed, so the fix can start from the message.
"""
from __future__ import annotations

import re

import pytest

from .axe_check import AXE, AXE_OPTIONS, report, wait_for_scheme
from .conftest import one_page_per_template, wait_until
from .sweep import EVERY_PAGE

pytestmark = pytest.mark.browser

SIZES = ("phone", "desktop")
SCHEMES = ("light", "dark")
COMBINATIONS = [(size, scheme) for size in SIZES for scheme in SCHEMES]
OTHERS = [combination for combination in COMBINATIONS if combination != EVERY_PAGE]


def context_args(viewports: dict, size: str, scheme: str) -> dict:
    # A fresh context per (size, scheme): Material remembers the palette it first picked in localStorage, so
    # the scheme must be emulated before the first page loads and never switched within a context.
    return {**viewports[size], "color_scheme": scheme, "service_workers": "block"}


def wait_for_animations(page) -> None:
    """Let opening transitions (search overlay, skip link) finish, so colours are measured at rest."""
    wait_until(page, "() => document.getAnimations().every(a => a.playState !== 'running')")


def axe_sweep(visit_pages, viewports, paths, size, scheme):
    def check(page, path):
        response = page.goto(path)
        assert response is not None and response.ok, f"HTTP {response and response.status}"
        wait_for_scheme(page, scheme)
        return AXE.run(page, options=AXE_OPTIONS)

    results = visit_pages(paths, context_args(viewports, size, scheme), check)
    failures = [report(f"{path} ({size}, {scheme})", r) for path, r in results.items()
                if isinstance(r, Exception) or r.violations_count]
    assert not failures, (f"{len(failures)} of {len(results)} pages fail axe at {size} size in the {scheme} "
                          "scheme:\n" + "\n".join(failures))


def test_axe_every_page(sweep, site_pages):
    """Every built page, at phone size in the light scheme, has no axe violation of WCAG 2.x A/AA rules (run by
    the sweep that visits every page once)."""
    results = {path: sweep["pages"][path]["axe"] for path in site_pages}
    failures = [report(f"{path} ({', '.join(EVERY_PAGE)})", r) for path, r in results.items() if r.violations_count]
    assert not failures, f"{len(failures)} of {len(results)} pages fail axe:\n" + "\n".join(failures)


def test_every_generated_page_has_a_known_template(templates):
    pages = one_page_per_template(templates)
    assert {"service.html", "facet.html", "pathway_step.html", "pathway_outcome.html", "page", "404"} <= set(templates.values())
    assert len(pages) < len(templates) / 3, pages  # the costlier checks visit far fewer pages


@pytest.mark.parametrize(("size", "scheme"), OTHERS, ids=[f"{s}-{c}" for s, c in OTHERS])
def test_axe_one_page_per_template(visit_pages, templates, viewports, size, scheme):
    """One page of each template, at this size and in this scheme, has no axe violation of WCAG 2.x A/AA rules."""
    axe_sweep(visit_pages, viewports, one_page_per_template(templates), size, scheme)


@pytest.mark.parametrize(("size", "scheme"), COMBINATIONS, ids=[f"{s}-{c}" for s, c in COMBINATIONS])
def test_axe_search_overlay(browser, site_url, viewports, size, scheme):
    """The search overlay, open with results showing, has no axe violations (nor console errors: this is where
    the real search index is loaded and searched)."""
    context = browser.new_context(base_url=site_url, **context_args(viewports, size, scheme))
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/services/")
        wait_for_scheme(page, scheme)
        page.keyboard.press("/")                       # Material's shortcut: opens search, focuses the box
        search = page.get_by_role("dialog").get_by_role("textbox", name="Search")
        search.wait_for(state="visible")
        search.press_sequentially("camhs", delay=30)   # Material reacts to typed keys, not to fill()
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        wait_for_animations(page)
        results = AXE.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, report(f"search overlay ({size}, {scheme})", results)
        assert not errors, f"console errors while searching: {errors}"
    finally:
        context.close()


# Where a focused element's indicator is drawn. A control hidden with zero size (Material's palette radio
# buttons) shows its focus on the <label> that follows it, which is what the user sees and clicks.
INDICATOR_JS = """el => {
  const r = el.getBoundingClientRect();
  if (r.width * r.height > 0) return el;
  const next = el.nextElementSibling;
  return (next && next.tagName === "LABEL") ? next : ((el.labels && el.labels[0]) || el);
}"""

FOCUSED = """async (order) => {
  // Let what the focus move sets off settle first: Material's handlers (focusing the search box opens the search
  // overlay) get two frames, then any transition they started (the overlay, the phone drawer) runs to its end.
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations()
    .filter(a => a.playState === "running" && a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const seen = el.dataset.ehTabOrder !== undefined;
  if (!seen && order !== undefined) el.dataset.ehTabOrder = order;
  const shown = (%s)(el), s = getComputedStyle(shown), r = shown.getBoundingClientRect();
  return {
    seen,
    html: el.outerHTML.replace(/\\s+/g, " ").slice(0, 160),
    tag: el.tagName.toLowerCase(), href: el.getAttribute("href"), text: el.textContent.trim(),
    inMain: !!el.closest("main"),
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight
              && r.left < innerWidth && shown.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor,
    boxShadow: s.boxShadow,
  };
}""" % INDICATOR_JS

RESTING = """() => Array.from(document.querySelectorAll("[data-eh-tab-order]"), el => {
  const s = getComputedStyle((%s)(el));
  return {order: Number(el.dataset.ehTabOrder), outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
          outlineColor: s.outlineColor, boxShadow: s.boxShadow};
})""" % INDICATOR_JS


def outline_visible(style: dict) -> bool:
    """An outline that is drawn: a style, a width, and a colour that is not fully transparent."""
    alpha = re.fullmatch(r"rgba\([^)]*,\s*([\d.]+)\)", style["outlineColor"])
    return (style["outlineStyle"] not in ("none", "hidden") and float(style["outlineWidth"].rstrip("px") or 0) > 0
            and not (alpha and float(alpha.group(1)) == 0))


@pytest.mark.parametrize("size", SIZES)
def test_keyboard_skip_link_and_focus_indicators(browser, site_url, viewports, size):
    """From the top of the home page: the first Tab stop is a skip link that moves focus into the main content,
    and every element Tab reaches is visible, on screen, with a focus indicator (an outline, or a box-shadow it
    lacks at rest; for a zero-size control, on the label that stands for it)."""
    context = browser.new_context(base_url=site_url, **context_args(viewports, size, "light"))
    try:
        page = context.new_page()
        page.goto("/")
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        assert first is not None, "Tab from the top of the page focused nothing"
        assert first["tag"] == "a" and (first["href"] or "").startswith("#") and "skip" in first["text"].lower(), (
            f"the first Tab stop is not a skip link: {first['html']}")
        assert first["onScreen"] and (outline_visible(first) or first["boxShadow"] != "none"), (
            f"the skip link shows no focus indicator when focused: {first}")
        page.keyboard.press("Enter")
        wait_until(page, "() => !!document.activeElement && !!document.activeElement.closest('main')")
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        assert after is not None and after["inMain"], (
            f"after the skip link, Tab should reach the main content, not {after and after['html']}")

        # Every Tab stop, from the top of a freshly loaded page until focus leaves the page or comes round again.
        page.goto("/")
        stops, problems = [], []
        for order in range(400):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED, order)   # marks the element with its order, the first time
            if focused is None or focused["seen"]:
                break
            stops.append(focused)
        else:
            pytest.fail("more than 400 Tab stops on the home page: is focus trapped?")
        assert len(stops) > 5, f"suspiciously few Tab stops: {stops}"
        page.evaluate("document.activeElement && document.activeElement.blur()")
        at_rest = {style["order"]: style for style in page.evaluate(RESTING)}
        for order, focused in enumerate(stops):
            resting = at_rest[order]
            shadow = focused["boxShadow"] != "none" and focused["boxShadow"] != resting["boxShadow"]
            if not focused["onScreen"]:
                problems.append(f"Tab stop {order} is focused off screen or with no size: {focused['html']}")
            elif not (outline_visible(focused) or shadow):
                problems.append(f"Tab stop {order} has no visible focus indicator: {focused['html']}\n"
                                f"    focused {focused}\n    at rest {resting}")
        assert not problems, f"{len(problems)} of {len(stops)} Tab stops ({size}):\n" + "\n".join(problems)
    finally:
        context.close()
