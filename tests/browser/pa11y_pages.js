// Runs pa11y (HTML_CodeSniffer and axe, WCAG 2 AA, errors only) over the pages named on stdin, in Debian's
// Chromium, and prints {path: {issues: [...], rechecked: [...]}} as JSON. Called by test_pa11y.py.
//
// axe cannot measure the contrast of text clipped by a scroll box (the sidebar's last links at 1280 x 900):
// it calls that "needs review", which pa11y reports as an error. Each such element is scrolled into view and
// measured again by the same axe; only the verdict it then gives is kept (rechecked lists those that passed).
// Input: {"base": "http://127.0.0.1:PORT", "paths": ["/", ...], "chromium": "/usr/bin/chromium", "args": [...]}
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const WORKERS = 2;  // pages checked at once: the machine's two cores

async function recheckHidden(page, issues) {
  const kept = [], rechecked = [];
  for (const issue of issues) {
    const unseen = issue.runner === "axe" && issue.code === "color-contrast" && issue.runnerExtras.needsFurtherReview;
    const verdict = unseen && await page.evaluate(async selector => {
      const element = document.querySelector(selector);
      if (!element) return null;
      element.scrollIntoView({block: "center", behavior: "instant"});
      const result = await window.axe.run(element, {runOnly: ["color-contrast"]});
      return {violations: result.violations.length, incomplete: result.incomplete.length,
              passes: result.passes.length};
    }, issue.selector);
    if (verdict && !verdict.violations && !verdict.incomplete && verdict.passes) {
      rechecked.push(issue.selector);
    } else {
      kept.push(verdict ? {...issue, recheck: verdict} : issue);
    }
  }
  return {issues: kept, rechecked};
}

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const results = {};
  const todo = [...input.paths];
  // A browser each, not a tab each: a tab in the background is not laid out and painted like the one in
  // front, and what axe measures depends on that.
  async function worker() {
    const browser = await puppeteer.launch({executablePath: input.chromium, args: input.args, headless: true});
    try {
      const page = await browser.newPage();
      for (let path; (path = todo.shift()) !== undefined;) {
        try {
          const report = await pa11y(input.base + path, {
            browser, page, runners: ["htmlcs", "axe"], standard: "WCAG2AA",
            viewport: {width: 1280, height: 900}, timeout: 120000,
          });
          results[path] = await recheckHidden(page, report.issues);
        } catch (error) {
          results[path] = {error: String(error && error.stack || error)};
        }
      }
    } finally {
      await browser.close();
    }
  }
  await Promise.all(Array.from({length: Math.min(WORKERS, todo.length)}, worker));
  process.stdout.write(JSON.stringify(results));
}

main().catch(error => { console.error(error); process.exit(1); });
