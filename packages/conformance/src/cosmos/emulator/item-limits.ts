/**
 * The per-item and per-request limits of the service that the base server does not enforce.
 */

/** Largest item the service stores: 2 MB of UTF-8 JSON. Larger writes get 413. */
export const MAX_ITEM_BYTES = 2 * 1024 * 1024;

/** Largest transactional batch request body; larger requests get 413. */
export const MAX_BATCH_REQUEST_BYTES = 2 * 1024 * 1024;

/** Most operations in one transactional batch; more get 400. */
export const MAX_BATCH_OPERATIONS = 100;

/** Longest item id, in UTF-8 bytes. */
export const MAX_ID_BYTES = 1023;

/** Characters the service refuses in ids: they would break the resource's URL. */
const FORBIDDEN_ID_CHARACTERS = /[/\\?#]/;

export function itemSizeBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item), "utf8");
}

/** Why an id is refused, or undefined when the service accepts it. */
export function invalidIdReason(id: unknown): string | undefined {
  if (typeof id !== "string" || id.length === 0) {
    return "The input content is invalid because the required property, 'id', is missing or not a non-empty string.";
  }
  if (Buffer.byteLength(id, "utf8") > MAX_ID_BYTES) {
    return `The id exceeds the maximum allowed length of ${MAX_ID_BYTES} bytes.`;
  }
  if (FORBIDDEN_ID_CHARACTERS.test(id)) {
    return "The id contains one of the characters '/', '\\', '?' or '#', which are not allowed.";
  }
  return undefined;
}
