import { CorruptCheckpointError, decodeKeyPart } from "@checkpointkit/core";
import type { Item, SearchItem } from "@langchain/langgraph-checkpoint";
import { LABEL_SEPARATOR, MEMBER_SEPARATOR } from "./store-address.js";

/** One search hit as a shard answered it; `member` kept as bytes to merge in the script's order. */
export interface ShardHit {
  member: Buffer;
  item: SearchItem;
  /** What the shard ranked by: the score with a query, `updatedAt` without. */
  rank: number;
  /** Ties of `rank` without a query: the write's sequence in its shard (0 with a query). */
  sequence: number;
}

function text(reply: unknown): string {
  return Buffer.isBuffer(reply) ? reply.toString("utf8") : String(reply);
}

function parseValue(reply: unknown, member: string): Record<string, unknown> {
  try {
    return JSON.parse(text(reply)) as Record<string, unknown>;
  } catch (error) {
    throw new CorruptCheckpointError(`store item ${member}: its value is not JSON`, {
      cause: error,
    });
  }
}

/** The namespace labels of an encoded path (labels never contain the separator). */
export function namespaceOfPath(encodedPath: string): string[] {
  return decodeKeyPart(encodedPath).split(LABEL_SEPARATOR);
}

/** An item from its member and the script's `value, createdAt, updatedAt` replies. */
export function itemOf(member: string, fields: readonly unknown[]): Item {
  const at = member.indexOf(MEMBER_SEPARATOR);
  return {
    namespace: namespaceOfPath(member.slice(0, at)),
    key: decodeKeyPart(member.slice(at + 1)),
    value: parseValue(fields[0], member),
    createdAt: new Date(Number(text(fields[1]))),
    updatedAt: new Date(Number(text(fields[2]))),
  };
}

/** The hits of one shard's search reply (flat: member, value, created, updated, score, sequence). */
export function hitsOf(reply: unknown): ShardHit[] {
  const flat = reply as unknown[];
  const hits: ShardHit[] = [];
  for (let at = 0; at + 5 < flat.length; at += 6) {
    const memberBytes = Buffer.from(flat[at] as Buffer | string);
    const item: SearchItem = itemOf(memberBytes.toString("utf8"), flat.slice(at + 1, at + 4));
    const score = text(flat[at + 4]);
    if (score !== "") item.score = Number(score);
    hits.push({
      member: memberBytes,
      item,
      rank: score === "" ? item.updatedAt.getTime() : Number(score),
      sequence: Number(flat[at + 5]),
    });
  }
  return hits;
}

/**
 * The page `[offset, offset + limit)` of the hits of every shard, in the order each shard
 * ranked them (rank, then sequence, descending; then member bytes), so the merge equals one
 * global ranking.
 */
export function mergeHits(hits: ShardHit[], offset: number, limit: number): SearchItem[] {
  hits.sort(
    (a, b) => b.rank - a.rank || b.sequence - a.sequence || Buffer.compare(a.member, b.member),
  );
  return hits.slice(offset, offset + limit).map((hit) => hit.item);
}
