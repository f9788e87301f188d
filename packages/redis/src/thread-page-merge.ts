import { CorruptCheckpointError } from "@checkpointkit/core";
import { replyText } from "./reply-text.js";
import { compareThreadPositions, type ThreadPosition } from "./thread-cursor.js";

const PAGE_REPLY = "a thread page of a shard";

/** What one shard's page script returned (see thread-page-lua.ts). */
export interface ShardThreadPage {
  /** The shard has no thread after the last one examined. */
  exhausted: boolean;
  /** The last thread examined: every thread from the cursor to it was seen. */
  frontier: ThreadPosition | undefined;
  /** The examined threads whose id matches the prefix, in listing order. */
  matches: ThreadPosition[];
}

function score(part: unknown): number {
  const value = Number(replyText(part, PAGE_REPLY));
  if (!Number.isFinite(value)) {
    throw new CorruptCheckpointError("a shard's thread index holds a score that is not a number");
  }
  return value;
}

export function decodeShardThreadPage(reply: unknown): ShardThreadPage {
  if (!Array.isArray(reply) || reply.length < 3 || reply.length % 2 === 0) {
    throw new CorruptCheckpointError(`unexpected reply to ${PAGE_REPLY}`);
  }
  const matches: ThreadPosition[] = [];
  for (let index = 3; index + 1 < reply.length; index += 2) {
    matches.push({
      threadId: replyText(reply[index], PAGE_REPLY),
      score: score(reply[index + 1]),
    });
  }
  const frontierScore = replyText(reply[1], PAGE_REPLY);
  return {
    exhausted: Number(reply[0]) === 1,
    frontier:
      frontierScore === ""
        ? undefined
        : {
            score: score(frontierScore),
            threadId: replyText(reply[2], PAGE_REPLY),
          },
    matches,
  };
}

/**
 * Merges the shards' pages into the listing's page. Only threads up to the least advanced
 * shard's frontier are certain to be in order (a shard that stopped early may hold threads
 * before the others' later ones), so the page ends there at the latest; the next cursor is
 * the page's last thread, or that frontier when the page holds fewer than `limit` threads
 * (a prefix filter skipped some), or none when every shard was read to its end.
 */
export function mergeShardThreadPages(
  pages: readonly ShardThreadPage[],
  limit: number,
): { listed: ThreadPosition[]; next: ThreadPosition | undefined } {
  let frontier: ThreadPosition | undefined;
  for (const page of pages) {
    if (page.exhausted || page.frontier === undefined) continue;
    if (frontier === undefined || compareThreadPositions(page.frontier, frontier) < 0) {
      frontier = page.frontier;
    }
  }
  const certain = pages
    .flatMap((page) => page.matches)
    .filter((match) => frontier === undefined || compareThreadPositions(match, frontier) <= 0)
    .sort(compareThreadPositions);
  if (certain.length > limit) {
    const listed = certain.slice(0, limit);
    return { listed, next: listed.at(-1) };
  }
  return { listed: certain, next: frontier };
}
