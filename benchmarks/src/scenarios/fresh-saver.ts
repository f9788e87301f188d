import { withTimeout } from "../measure/deadline.js";
import type { BenchSaver } from "../savers/saver-plugin.js";
import type { PreparedSaver } from "./scenario.js";

const DISPOSE_TIMEOUT_MS = 60_000;

/**
 * Runs `work` on a saver over fresh storage and removes that storage afterwards, whatever
 * happened. A dispose that hangs or fails is given up on: the figures are already recorded,
 * and the servers are stopped at the end of the run anyway.
 */
export async function withFreshSaver<T>(
  prepared: PreparedSaver,
  work: (bench: BenchSaver) => Promise<T>,
): Promise<T> {
  const bench = await prepared.factory.create();
  try {
    return await work(bench);
  } finally {
    await withTimeout(
      `${prepared.plugin.label} dispose`,
      DISPOSE_TIMEOUT_MS,
      bench.dispose(),
    ).catch(() => {});
  }
}
