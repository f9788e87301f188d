import { createHash } from "node:crypto";
import { invalidThreadCursor } from "@checkpointkit/core";

/** Where a listing page ended: the last thread's write time and id (the listing's order). */
export interface ThreadPosition {
  updatedAtMs: number;
  threadId: string;
}

function checksumOf(payload: string): string {
  return createHash("sha256").update(payload).digest("base64url").slice(0, 12);
}

/** An opaque cursor: the position as base64url JSON plus a checksum, so damage is detected. */
export function encodeThreadCursor(position: ThreadPosition): string {
  const payload = Buffer.from(JSON.stringify([position.updatedAtMs, position.threadId])).toString(
    "base64url",
  );
  return `${payload}.${checksumOf(payload)}`;
}

/** The position a cursor names; `invalidThreadCursor()` for anything `encode` did not make. */
export function decodeThreadCursor(cursor: string): ThreadPosition {
  const [payload, checksum, ...rest] = cursor.split(".");
  if (payload === undefined || rest.length > 0 || checksum !== checksumOf(payload)) {
    throw invalidThreadCursor();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw invalidThreadCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    typeof parsed[1] !== "string"
  ) {
    throw invalidThreadCursor();
  }
  return { updatedAtMs: parsed[0], threadId: parsed[1] };
}
