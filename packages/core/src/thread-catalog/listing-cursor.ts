import { createHash } from "node:crypto";
import { invalidThreadCursor } from "./list-threads-options.js";

/** One position field of a cursor: a saver's sort key or id. */
export type CursorPart = string | number;

/** Characters of the checksum: enough that a damaged cursor is refused, not followed. */
const CHECKSUM_LENGTH = 10;

function checksumOf(json: string): string {
  return createHash("sha256").update(json, "utf8").digest("base64url").slice(0, CHECKSUM_LENGTH);
}

/**
 * The opaque cursor every saver's `listThreads` hands out: base64url of the JSON
 * `[tag, ...parts]`, a dot and a checksum of that JSON. The tag names the saver and its
 * format, so a cursor of another saver (or an older format) is refused; the checksum makes
 * a cursor damaged in transit (a changed character, a cut) a refusal rather than a jump to
 * another position. It is not a secret: positions are thread ids the caller may list.
 */
export function encodeListingCursor(tag: string, parts: readonly CursorPart[]): string {
  const json = JSON.stringify([tag, ...parts]);
  return `${Buffer.from(json, "utf8").toString("base64url")}.${checksumOf(json)}`;
}

function isCursorPart(value: unknown): value is CursorPart {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/**
 * The parts of a cursor `encodeListingCursor(tag, …)` made with `arity` parts; anything else
 * is core's `invalidThreadCursor()`. Savers still check each part's meaning (a number in
 * range, a well-formed id).
 */
export function decodeListingCursor(tag: string, cursor: string, arity: number): CursorPart[] {
  const dot = cursor.indexOf(".");
  if (dot <= 0) throw invalidThreadCursor();
  const json = Buffer.from(cursor.slice(0, dot), "base64url").toString("utf8");
  if (cursor.slice(dot + 1) !== checksumOf(json)) throw invalidThreadCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalidThreadCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== tag ||
    !parsed.slice(1).every(isCursorPart)
  ) {
    throw invalidThreadCursor();
  }
  const parts = parsed.slice(1) as CursorPart[];
  // Only the exact text this function writes: no padding, no other spelling of the JSON.
  if (encodeListingCursor(tag, parts) !== cursor) throw invalidThreadCursor();
  return parts;
}
