import { createHash } from "node:crypto";

const HASH_MARKER = "~";

/**
 * Some backends cap key length (Cosmos DB item ids: 1,023 bytes). A key longer than
 * `maxBytes` is replaced by a readable prefix, `~`, and the SHA-256 of the whole key.
 * `encodeKeyPart` always escapes `~`, so a hashed key can never equal an unhashed one;
 * two long keys collide only if SHA-256 does.
 */
export function boundKeyLength(key: string, maxBytes: number): string {
  if (Buffer.byteLength(key, "utf8") <= maxBytes) {
    return key;
  }
  const digest = createHash("sha256").update(key, "utf8").digest("hex");
  const room = maxBytes - HASH_MARKER.length - digest.length;
  if (room < 0) {
    throw new RangeError(`maxBytes ${maxBytes} leaves no room for the ${digest.length}-char hash`);
  }
  return `${truncateUtf8(key, room)}${HASH_MARKER}${digest}`;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
