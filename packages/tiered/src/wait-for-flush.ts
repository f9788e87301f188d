import { type BackendName, BackendUnavailableError } from "@checkpointkit/core";
import { sleep } from "./backoff.js";
import { compareEntryIds } from "./entry-id.js";
import type { OutboxStreams } from "./outbox.js";

/** How often the outbox is looked at while waiting, at most, in milliseconds. */
const POLL_MAX_MS = 100;

/**
 * Resolves once every entry the given shards held when called is gone from them (flushed or
 * dead-lettered): an outbox stream holds exactly the entries not yet in the cold tier.
 */
export async function waitForFlush(
  outbox: OutboxStreams,
  shards: readonly number[],
  options: { timeoutMs?: number; coldBackend: BackendName; wakeFlusher: () => void },
): Promise<void> {
  const marks = await Promise.all(
    shards.map(async (shard) => ({ shard, newest: await outbox.newestEntryId(shard) })),
  );
  let pending = marks.filter((mark) => mark.newest !== undefined);
  const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
  for (let round = 0; pending.length > 0; round++) {
    options.wakeFlusher();
    const oldest = await Promise.all(pending.map((mark) => outbox.oldestEntryId(mark.shard)));
    pending = pending.filter(
      (mark, index) =>
        oldest[index] !== undefined && compareEntryIds(oldest[index]!, mark.newest!) <= 0,
    );
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      throw new BackendUnavailableError(`flush did not finish within ${options.timeoutMs} ms`, {
        backend: options.coldBackend,
      });
    }
    await sleep(Math.min(POLL_MAX_MS, 5 * 2 ** Math.min(round, 5)));
  }
}
