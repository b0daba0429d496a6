// Runs the built open-now script's own rule (earlyhelp/open_now.js, its schedules written in) in Node, with no
// page: reads {script, moments} on stdin and prints {schedule id: [its state at each moment]}. Called by
// tests/test_open_now_rule.py, which compares the answers with earlyhelp/hours.py's.
"use strict";
const vm = require("node:vm");
const { readFileSync } = require("node:fs");

const request = JSON.parse(readFileSync(0, "utf8"));
const HOOK = "\n  var lists = "; // where the script's functions are all defined and nothing has run yet
if (request.script.split(HOOK).length !== 2) {
  throw new Error("open-now.js no longer has the line this test hooks into: " + JSON.stringify(HOOK));
}
let rule = null;
const noop = () => {};
vm.runInNewContext(request.script.replace(HOOK, "\n  __expose({ state: state, table: T });" + HOOK), {
  __expose: (found) => { rule = found; },
  setInterval: noop,
  window: { Intl: Intl, addEventListener: noop },
  document: { querySelectorAll: () => [], addEventListener: noop },
});
if (!rule) throw new Error("open-now.js returned before defining its rule");
const answers = {};
for (const id of Object.keys(rule.table.s)) {
  answers[id] = request.moments.map((ms) => rule.state(id, new Date(ms)));
}
process.stdout.write(JSON.stringify(answers));
