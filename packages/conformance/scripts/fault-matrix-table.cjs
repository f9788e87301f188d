#!/usr/bin/env node
// Usage: node packages/conformance/scripts/fault-matrix-table.cjs <directory>
// Merges the `<saver>.json` files the fault-matrix runs wrote into <directory> (set
// CHECKPOINTKIT_FAULT_MATRIX_REPORT=<directory> for those runs) and prints one Markdown table.
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { faultMatrixMarkdown } = require("../src/fault-matrix/fault-matrix-table.cjs");

const directory = process.argv[2];
if (directory === undefined) {
  console.error("usage: fault-matrix-table.cjs <directory with the runs' <saver>.json files>");
  process.exit(2);
}
const entries = readdirSync(directory)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(directory, name), "utf8")));
console.log(faultMatrixMarkdown(entries));
