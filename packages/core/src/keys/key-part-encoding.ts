/**
 * Injective encoding of arbitrary strings into key parts.
 *
 * Savers build keys and ids by joining several user-chosen strings (thread id, namespace,
 * checkpoint id, task id, channel). Joining raw strings is not injective (`a:b` + `c` vs
 * `a` + `b:c`) and lets an id act as a Redis glob, a Cluster hash tag or a Cosmos path.
 * Each part is therefore escaped so it never contains the separator or any character that
 * means something to a backend; escaping is a bijection, so decoding gives the original back.
 *
 * Escaped: `%` (the escape itself), `:` (separator), `{` `}` (Redis Cluster hash tags),
 * `*` `?` `[` `]` `\` (Redis glob patterns), `/` `#` (Cosmos DB ids and URLs), `~` (marks
 * hashed keys, see `boundKeyLength`) and all C0 control characters plus DEL. Everything
 * else, including all non-ASCII text, passes through unchanged, so keys stay readable.
 */
export const KEY_SEPARATOR = ":";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
const RESERVED = /[%:{}*?[\]\\/#~\u0000-\u001f\u007f]/g;
const ESCAPE_SEQUENCE = /%([0-9A-F]{2})/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: see RESERVED
const VALID_ESCAPED = /^(?:[^%:{}*?[\]\\/#~\u0000-\u001f\u007f]|%[0-9A-F]{2})*$/;

function escapeChar(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/** Escapes one part; the result contains none of the reserved characters except `%XX` escapes. */
export function encodeKeyPart(part: string): string {
  return part.replace(RESERVED, escapeChar);
}

/**
 * Reverses `encodeKeyPart`. Throws `RangeError` for input that `encodeKeyPart` cannot have
 * produced, so foreign keys are detected instead of silently mis-decoded.
 */
export function decodeKeyPart(encoded: string): string {
  if (!VALID_ESCAPED.test(encoded)) {
    throw new RangeError("not an encoded key part");
  }
  const decoded = encoded.replace(ESCAPE_SEQUENCE, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  // Only the canonical form is accepted (`%41` is not how `A` is written), so every key has
  // exactly one spelling and a look-alike written by someone else is rejected.
  if (encodeKeyPart(decoded) !== encoded) {
    throw new RangeError("not an encoded key part");
  }
  return decoded;
}

/** Encodes each part and joins them with `KEY_SEPARATOR`. Injective for a fixed number of parts. */
export function joinKeyParts(parts: readonly string[]): string {
  return parts.map(encodeKeyPart).join(KEY_SEPARATOR);
}

/** Splits a key made by `joinKeyParts` back into its decoded parts. */
export function splitKeyParts(key: string): string[] {
  return key.split(KEY_SEPARATOR).map(decodeKeyPart);
}
