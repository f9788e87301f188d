import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { type MigrationSource, withMigratedVersions } from "../../src/index.js";

/**
 * What a migrated target must answer with: every tuple the official saver's own `list`
 * returns for the threads, with the channel versions the migration writes (integers
 * become checkpointkit's string versions; nothing else changes).
 */
export async function expectedMigratedHistory(
  source: MigrationSource,
  threadIds: readonly string[],
): Promise<CheckpointTuple[]> {
  const tuples: CheckpointTuple[] = [];
  for (const threadId of threadIds) {
    tuples.push(...(await source.readThread(threadId)).map(withMigratedVersions));
  }
  return tuples;
}
