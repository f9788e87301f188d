/**
 * Redis stream entry ids (`<ms>-<seq>`). They order every entry of one outbox shard, and a
 * thread's entries all go to one shard, so comparing ids orders a thread's writes against
 * its deletes.
 */
export interface ParsedEntryId {
  ms: bigint;
  seq: bigint;
}

export function parseEntryId(entryId: string): ParsedEntryId {
  const match = /^(\d+)-(\d+)$/.exec(entryId);
  if (match === null) throw new RangeError(`not a stream entry id: ${JSON.stringify(entryId)}`);
  return { ms: BigInt(match[1]!), seq: BigInt(match[2]!) };
}

/** Negative when `a` comes before `b`. */
export function compareEntryIds(a: string, b: string): number {
  const left = parseEntryId(a);
  const right = parseEntryId(b);
  if (left.ms !== right.ms) return left.ms < right.ms ? -1 : 1;
  if (left.seq !== right.seq) return left.seq < right.seq ? -1 : 1;
  return 0;
}

/** Milliseconds part of an entry id: when Redis appended the entry. */
export function entryIdTimeMs(entryId: string): number {
  return Number(parseEntryId(entryId).ms);
}

/**
 * An id for a record written straight to the cold tier while Redis is unreachable (no
 * outbox entry exists): the local clock, with the highest sequence number of that ms.
 */
export function syntheticEntryId(nowMs: number = Date.now()): string {
  return `${Math.trunc(nowMs)}-18446744073709551615`;
}
