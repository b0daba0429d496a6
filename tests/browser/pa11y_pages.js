// Runs pa11y's HTML_CodeSniffer runner (WCAG 2 AA, errors only) over the pages named on stdin, in Debian's
// Chromium, and prints {path: {issues: [...]}} as JSON. Called by test_pa11y.py. pa11y's axe runner is not used:
// test_accessibility.py already runs axe on every page; HTML_CodeSniffer is the second, independent engine.
// Input: {"base": "http://127.0.0.1:PORT", "paths": ["/", ...], "chromium": "/usr/bin/chromium", "args": [...]}
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const WORKERS = 2;  // pages checked at once: the machine's two cores

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
            browser, page, runners: ["htmlcs"], standard: "WCAG2AA",
            viewport: {width: 1280, height: 900}, timeout: 120000,
          });
          results[path] = {issues: report.issues};
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
