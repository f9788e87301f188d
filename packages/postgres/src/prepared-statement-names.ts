import { createHash } from "node:crypto";

/** A statement text and the name it is prepared under on every connection. */
export interface PreparedStatementName {
  readonly name: string;
  /** The first copy of the text seen: handed to `pg` instead of each call's equal copy. */
  readonly text: string;
}

interface Entry extends PreparedStatementName {
  /** The lookup count when the entry was last used; the smallest is evicted first. */
  lastUsed: number;
}

/** Statement shapes remembered per runner; more are named again (same name) when seen. */
export const DEFAULT_PREPARED_STATEMENT_NAMES = 256;

/** The name a text is prepared under: a hash of the text, so the same on every connection. */
function nameOf(text: string): string {
  return `ck_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
}

/**
 * The prepared-statement names of the statement texts a runner has sent, at most
 * `capacity` of them (least recently used evicted; an evicted text that comes back gets
 * the same name, the name being a hash of the text).
 *
 * Builders assemble each call's text anew, so a lookup keyed by the text itself would
 * make V8 flatten and hash the whole text (kilobytes) on every call. Entries are found by
 * the text's length instead and confirmed by comparing the text, which stops at the first
 * differing character and needs no hash. The remembered copy is what `pg` gets: `pg`
 * checks a named statement's text against the one it prepared, and the same string object
 * passes that check without a character compare.
 */
export class PreparedStatementNames {
  private readonly byLength = new Map<number, Entry[]>();
  private size = 0;
  private lookups = 0;

  constructor(readonly capacity = DEFAULT_PREPARED_STATEMENT_NAMES) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Shapes remembered now (at most `capacity`). */
  get count(): number {
    return this.size;
  }

  lookup(text: string): PreparedStatementName {
    this.lookups += 1;
    const sameLength = this.byLength.get(text.length);
    if (sameLength !== undefined) {
      for (const entry of sameLength) {
        if (entry.text === text) {
          entry.lastUsed = this.lookups;
          return entry;
        }
      }
    }
    if (this.size >= this.capacity) this.evictLeastRecentlyUsed();
    const entry: Entry = { name: nameOf(text), text, lastUsed: this.lookups };
    const bucket = this.byLength.get(text.length);
    if (bucket === undefined) this.byLength.set(text.length, [entry]);
    else bucket.push(entry);
    this.size += 1;
    return entry;
  }

  /** Runs only when a new shape arrives with the cache full: a scan of `capacity` entries. */
  private evictLeastRecentlyUsed(): void {
    let oldest: Entry | undefined;
    for (const bucket of this.byLength.values()) {
      for (const entry of bucket) {
        if (oldest === undefined || entry.lastUsed < oldest.lastUsed) oldest = entry;
      }
    }
    if (oldest === undefined) return;
    const bucket = this.byLength.get(oldest.text.length) as Entry[];
    bucket.splice(bucket.indexOf(oldest), 1);
    if (bucket.length === 0) this.byLength.delete(oldest.text.length);
    this.size -= 1;
  }
}
