import { randomUUID } from "node:crypto";
import { type StoreEmbedder, textsToEmbed } from "@checkpointkit/core/internal";
import type { WriteRequest } from "./batch-plan.js";
import { vectorNorm } from "./vector-norm.js";
import type { ItemDeletion, ItemUpsert } from "./write-statement.js";

/** A batch's writes, embedded and split into what the write statement takes. */
export interface PreparedWrites {
  upserts: ItemUpsert[];
  deletions: ItemDeletion[];
}

/**
 * Embeds the texts of every put of a batch in one call to the model, then pairs each put
 * with its vectors. A put names its own paths, `false` for none, or takes the store's
 * fields; without an index nothing is embedded.
 */
export async function prepareWrites(
  writes: readonly WriteRequest[],
  embedder: StoreEmbedder | undefined,
  defaultTtlSeconds: number | undefined,
): Promise<PreparedWrites> {
  const deletions: ItemDeletion[] = [];
  const puts: Array<{ write: WriteRequest; texts: string[] }> = [];
  for (const write of writes) {
    if (write.value === null || write.stored === null) {
      deletions.push(write.address);
      continue;
    }
    const paths =
      embedder === undefined || write.index === false ? [] : (write.index ?? embedder.fields);
    puts.push({ write, texts: textsToEmbed(write.value, paths) });
  }
  const vectors = (await embedder?.embedDocuments(puts.flatMap((put) => put.texts))) ?? [];
  let next = 0;
  const upserts = puts.map(({ write, texts }): ItemUpsert => {
    const own = vectors.slice(next, next + texts.length);
    next += texts.length;
    return {
      namespacePath: write.address.namespacePath,
      storedKey: write.address.storedKey,
      valueJson: write.stored as string,
      ttlSeconds: write.ttlSeconds === undefined ? (defaultTtlSeconds ?? null) : write.ttlSeconds,
      generation: embedder === undefined ? null : randomUUID(),
      vectors: own,
      norms: own.map(vectorNorm),
    };
  });
  return { upserts, deletions };
}
