import type { ColdTier } from "./cold-tier.js";
import type { ColdTierDescription } from "./cold-tier-description.js";

/** A cold tier built from its description, with what to release when done. */
export interface RebuiltColdTier {
  cold: ColdTier;
  release(): Promise<void>;
}

/**
 * Builds the described cold tier (in the flusher's worker thread), with a pool of its own.
 * The PostgreSQL package is imported only here, so a Cosmos DB deployment never needs it.
 * The saver runs no TTL sweeper of its own: the flusher's sweep expires threads.
 */
export async function rebuildColdTier(description: ColdTierDescription): Promise<RebuiltColdTier> {
  const { PostgresSaver } = await import("@checkpointkit/postgres");
  const { PostgresColdTier } = await import("./postgres-cold-tier.js");
  const { connectionString, ...poolOptions } = description.pool;
  const saver = PostgresSaver.fromConnString(connectionString, {
    poolOptions,
    schema: description.schema,
    history: description.history,
    connectionTimeoutMs: description.connectionTimeoutMs,
    queryTimeoutMs: description.queryTimeoutMs,
    ...(description.ttlSeconds === undefined ? {} : { ttlSeconds: description.ttlSeconds }),
  });
  const cold = new PostgresColdTier({ saver });
  return {
    cold,
    release: async () => {
      await cold.close();
      await saver.close();
    },
  };
}
