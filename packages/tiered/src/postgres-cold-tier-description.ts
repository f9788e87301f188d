import type { PostgresSaver } from "@checkpointkit/postgres";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import type { ColdTierDescriptionResult } from "./cold-tier-description.js";
import { copyPlainSettings } from "./plain-settings.js";

/** pg fills none of these itself; a function there is the application's and cannot cross. */
const NO_DROPPABLE_FUNCTIONS: ReadonlySet<string> = new Set();

/**
 * Describes the saver's pool and settings for a worker thread. Only the default serde can be
 * rebuilt there (the cold writer serializes metadata through it); a custom one (encryption,
 * say) keeps the flusher in-process.
 */
export function describePostgresSaver(saver: PostgresSaver): ColdTierDescriptionResult {
  if (saver.serde.constructor !== JsonPlusSerializer) {
    return { refused: "the PostgreSQL saver has a custom serde" };
  }
  const pool = copyPlainSettings(
    saver.pool.options as unknown as Record<string, unknown>,
    NO_DROPPABLE_FUNCTIONS,
  );
  if ("refused" in pool) return { refused: `the PostgreSQL pool: ${pool.refused}` };
  const { connectionString } = pool.settings;
  if (typeof connectionString !== "string" || connectionString === "") {
    return { refused: "the PostgreSQL pool has no connectionString" };
  }
  return {
    description: {
      backend: "postgres",
      pool: { ...pool.settings, connectionString },
      schema: saver.schema.name,
      history: saver.history,
      ttlSeconds: saver.ttlSeconds,
      connectionTimeoutMs: saver.deadlines.connectionTimeoutMs,
      queryTimeoutMs: saver.deadlines.queryTimeoutMs,
    },
  };
}
