/**
 * PostgreSQL `text` cannot hold U+0000, but any string is a valid thread id, namespace,
 * checkpoint id, task id, task path or channel. Such strings are stored through a small
 * prefix code: U+0001 becomes U+0001 U+0002 and U+0000 becomes U+0001 U+0001; every
 * other character is kept. The code is injective, leaves strings without U+0000/U+0001
 * unchanged (so ids stay readable in SQL), and preserves code point order, so
 * `ORDER BY ... COLLATE "C"` over stored text sorts exactly as `compareWritesSortKeys`
 * sorts the originals.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 and U+0001 are what gets encoded
const NEEDS_ENCODING = /[\u0000\u0001]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: see NEEDS_ENCODING
const ENCODED_CHARACTERS = /[\u0000\u0001]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: see NEEDS_ENCODING
const ESCAPE_SEQUENCES = /\u0001([\u0001\u0002])/g;

export function toStoredText(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  return text.replace(ENCODED_CHARACTERS, (char) =>
    char === "\u0000" ? "\u0001\u0001" : "\u0001\u0002",
  );
}

export function fromStoredText(stored: string): string {
  if (!stored.includes("\u0001")) return stored;
  return stored.replace(ESCAPE_SEQUENCES, (_sequence, code: string) =>
    code === "\u0001" ? "\u0000" : "\u0001",
  );
}

/** `toStoredText` for optional values: `undefined` and `null` become SQL NULL. */
export function toStoredTextOrNull(text: string | undefined | null): string | null {
  return text === undefined || text === null ? null : toStoredText(text);
}
