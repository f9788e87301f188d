#!/usr/bin/env node
import { runCli } from "./cli/run-cli.js";

// No top-level await: tsup also builds this entry as CommonJS.
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((exitCode) => {
  process.exitCode = exitCode;
});
