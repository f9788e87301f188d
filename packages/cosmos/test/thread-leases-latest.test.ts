import { describeOptimisticConcurrency, describeThreadLeases } from "@checkpointkit/conformance";
import { fencedCosmosHarness } from "./fenced-saver-harness.js";

// The same contract as the default history mode (thread-leases.test.ts): a latest-mode put
// replaces the namespace's checkpoint in its own batch, and that batch carries the fences.
const { harness, fenceOptions } = fencedCosmosHarness("latest");

/**
 * Specs that list the superseded checkpoints after their fence checks (e.g. `[second, first]`),
 * which this mode deletes by design. The conformance suite has no capability for a saver that
 * keeps one checkpoint per namespace yet; their fence checks, with this mode's expectations,
 * are in latest-history-fences.test.ts and latest-history-lease-race.test.ts. Skipped by name
 * and saying so, not dropped silently.
 */
const LISTS_SUPERSEDED_CHECKPOINTS = new Set([
  "writes with the current token land; with a replaced token they are refused and store nothing",
  "race for one thread; the winner, stopped past its lease and continued, writes nothing",
  "of two puts from the same parent, the second is refused and stores nothing",
  "a retried put of the latest checkpoint lands again (same parent, same id)",
  "a deliberate fork (time travel, updateState on an old checkpoint) needs checkpointkit_allow_fork",
  "putWrites are not checked against the latest checkpoint",
]);

const registerSpec = global.it;
global.it = Object.assign(
  (name: string, ...rest: [jest.ProvidesCallback?, number?]) =>
    LISTS_SUPERSEDED_CHECKPOINTS.has(name)
      ? registerSpec.skip(
          `${name} [skipped: history "latest" keeps no superseded checkpoint]`,
          ...rest,
        )
      : registerSpec(name, ...rest),
  registerSpec,
) as jest.It;
try {
  describeThreadLeases(harness, fenceOptions);
  describeOptimisticConcurrency(harness, fenceOptions);
} finally {
  global.it = registerSpec;
}
