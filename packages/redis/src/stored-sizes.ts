import {
  CorruptCheckpointError,
  DEFAULT_SIZE_SUMMARY_LAST_N,
  decodeKeyPart,
  decodeStoredSize,
  type StoredCheckpointSize,
  summarizeRecordedSizes,
  type ThreadSizeSummary,
} from "@checkpointkit/core";
import { compareCodePoints } from "./checkpoint-lister.js";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import { replyText } from "./reply-text.js";
import type { ThreadScriptRunner } from "./thread-writer.js";

const SIZE_REPLY = "a size read";

/**
 * The size record its `put` stored for a checkpoint (one script); `undefined` when the
 * checkpoint is absent or was written before sizes were recorded.
 */
export async function readCheckpointSize(
  run: ThreadScriptRunner,
  address: { threadId: string; checkpointNs: string; checkpointId: string | undefined },
): Promise<StoredCheckpointSize | undefined> {
  const { threadId, checkpointNs } = address;
  const reply = await run("getCheckpointSize", REDIS_SCRIPTS.checkpointSize, threadId, [
    checkpointNs,
    address.checkpointId ?? "",
  ]);
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  const record = replyText(reply[1], SIZE_REPLY);
  if (record === "") return undefined;
  return decodeStoredSize(record, {
    threadId,
    checkpointNs,
    checkpointId: replyText(reply[0], SIZE_REPLY),
  });
}

/** A recorded checkpoint of the thread's newest, or one written before sizes were recorded. */
type RecentSize = { checkpointNs: string; checkpointId: string; record: string | undefined };

/**
 * A summary of the thread's newest `lastN` checkpoints (all namespaces, newest id first) from
 * their size records, read in one script. `undefined` when one of them has no record (written
 * before sizes were recorded): the caller then measures them from the values instead.
 */
export async function summarizeRecentSizes(
  run: ThreadScriptRunner,
  threadId: string,
  lastN: number = DEFAULT_SIZE_SUMMARY_LAST_N,
): Promise<ThreadSizeSummary | undefined> {
  const reply = await run("threadSizeSummary", REDIS_SCRIPTS.recentSizes, threadId, [lastN]);
  if (!Array.isArray(reply)) throw new CorruptCheckpointError(`unexpected reply to ${SIZE_REPLY}`);
  const recent: RecentSize[] = [];
  for (let index = 0; index + 2 < reply.length; index += 3) {
    const checkpointNs = decodeKeyPart(replyText(reply[index], SIZE_REPLY));
    const ids = reply[index + 1] as unknown[];
    const records = reply[index + 2] as unknown[];
    for (const [position, id] of ids.entries()) {
      const record = records[position];
      recent.push({
        checkpointNs,
        checkpointId: replyText(id, SIZE_REPLY),
        record: record === null || record === undefined ? undefined : replyText(record, SIZE_REPLY),
      });
    }
  }
  // Newest id first across namespaces (code points, as `list`); namespaces break ties.
  const newest = recent
    .sort(
      (left, right) =>
        compareCodePoints(right.checkpointId, left.checkpointId) ||
        compareCodePoints(left.checkpointNs, right.checkpointNs),
    )
    .slice(0, lastN);
  if (newest.some(({ record }) => record === undefined)) return undefined;
  return summarizeRecordedSizes({
    threadId,
    recent: newest.map(({ checkpointNs, checkpointId, record }) =>
      decodeStoredSize(record!, { threadId, checkpointNs, checkpointId }),
    ),
  });
}
