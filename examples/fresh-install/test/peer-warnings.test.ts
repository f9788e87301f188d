import { peerWarningsAboutOurPackages } from "../src/fresh-project.js";
import type { CommandResult } from "../src/run-command.js";

function npmInstallPrinting(stderr: string): CommandResult {
  return {
    command: "npm install",
    exitCode: 0,
    signal: null,
    timedOut: false,
    durationMs: 1,
    stdout: "added 120 packages in 3s\n",
    stderr,
  };
}

test("an ERESOLVE override of one of our peers is reported", () => {
  const stderr = [
    "npm warn ERESOLVE overriding peer dependency",
    "npm warn While resolving: @checkpointkit/tiered@0.1.0",
    "npm warn Found: ioredis@7.0.0",
    'npm warn peer ioredis@"^5.4.0 || ^6.0.0" from @checkpointkit/tiered@0.1.0',
  ].join("\n");
  expect(peerWarningsAboutOurPackages(npmInstallPrinting(stderr))).toEqual([
    "npm reported ERESOLVE",
    'npm warn peer ioredis@"^5.4.0 || ^6.0.0" from @checkpointkit/tiered@0.1.0',
  ]);
});

test("warnings about other packages' peers and deprecations are not ours", () => {
  const stderr = [
    "npm warn deprecated inflight@1.0.6: This module is not supported",
    'npm warn peer zod@"^3" from some-other-package@1.0.0',
  ].join("\n");
  expect(peerWarningsAboutOurPackages(npmInstallPrinting(stderr))).toEqual([]);
});
