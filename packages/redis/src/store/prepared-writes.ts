import { parseFieldPath, type StoreEmbedder, textsToEmbed } from "@checkpointkit/core/internal";
import type { WriteRequest } from "./batch-plan.js";
import { packVectors } from "./packed-vectors.js";

/** A write ready for the script: its TTL in milliseconds (0: none) and packed vectors. */
export interface PreparedWrite {
  request: WriteRequest;
  ttlMs: number;
  /** Undefined: the item is stored without vectors (no index, `index: false`, no text). */
  vectors: Buffer | undefined;
}

/**
 * Resolves every write's TTL and embeds the texts of every indexed put in one call to the
 * model, before anything is sent: a failing model leaves the store untouched.
 */
export async function prepareWrites(
  writes: readonly WriteRequest[],
  embedder: StoreEmbedder | undefined,
  storeTtlSeconds: number | undefined,
): Promise<PreparedWrite[]> {
  const textsPerWrite = writes.map((write) => {
    if (embedder === undefined || write.value === null || write.index === false) return [];
    const paths = write.index ?? embedder.fields;
    for (const path of paths) if (path !== "$") parseFieldPath(path);
    return textsToEmbed(write.value, paths);
  });
  const vectors = embedder === undefined ? [] : await embedder.embedDocuments(textsPerWrite.flat());
  let next = 0;
  return writes.map((request, index) => {
    const count = textsPerWrite[index]?.length ?? 0;
    const own = vectors.slice(next, next + count);
    next += count;
    const ttlSeconds = request.ttlSeconds === undefined ? storeTtlSeconds : request.ttlSeconds;
    return {
      request,
      ttlMs: ttlSeconds === undefined || ttlSeconds === null ? 0 : Math.ceil(ttlSeconds * 1000),
      vectors: own.length === 0 ? undefined : packVectors(own),
    };
  });
}
