/** Longest string (UTF-8 bytes of its JSON) kept beside the value for filters. */
const MAX_SCALAR_BYTES = 256;
/** Marks a field that is present but kept only in the value (an object, array or long string). */
export const IN_VALUE_MARKER = "*";

/**
 * The top-level fields of a value as the shard script's filters read them: each field's JSON
 * when it is a scalar (number, boolean, null, short string), else `*` (present; the script
 * then decodes the whole value). Stored as hash fields `f:<name>` beside the value, so a
 * filtered search decodes a few bytes per item instead of every item's whole JSON. Computed
 * from the stored JSON text, so it sees exactly what a read returns.
 */
export function filterFields(valueJson: string): Array<[name: string, text: string]> {
  const value = JSON.parse(valueJson) as Record<string, unknown>;
  return Object.entries(value).map(([name, member]) => {
    if (typeof member === "object" && member !== null) return [name, IN_VALUE_MARKER];
    const text = JSON.stringify(member);
    return [name, Buffer.byteLength(text) > MAX_SCALAR_BYTES ? IN_VALUE_MARKER : text];
  });
}
