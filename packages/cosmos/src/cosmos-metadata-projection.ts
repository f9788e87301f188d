import type { CheckpointMetadata } from "@langchain/langgraph-checkpoint";

/**
 * Strings longer than this stay out of the metadata projection (and filters on such long
 * values are checked after reading instead), so the projection cannot push a checkpoint item
 * past the 2 MB item limit. A short filter value can never equal a long stored one, so
 * leaving long values out changes no filter's result.
 */
export const MAX_PROJECTED_STRING_BYTES = 1024;

/** Whether `list` can compare this metadata value inside the query. */
export function isProjectableValue(value: unknown): value is string | number | boolean | null {
  return (
    value === null ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (typeof value === "string" && Buffer.byteLength(value, "utf8") <= MAX_PROJECTED_STRING_BYTES)
  );
}

/** Top-level primitive metadata entries: all that `list` filters can push into a query. */
export function metadataProjection(metadata: CheckpointMetadata): Record<string, unknown> {
  const projection: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (isProjectableValue(value)) {
      Object.defineProperty(projection, key, { value, enumerable: true });
    }
  }
  return projection;
}
