import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  type CheckpointDifference,
  compareThread,
  type MigrationSource,
  readThreadTuples,
  withMigratedVersions,
} from "../../src/index.js";

/** How the target's copy of a thread differs from the source's (empty: an exact copy). */
export async function threadDifferences(
  source: MigrationSource,
  target: BaseCheckpointSaver,
  threadId: string,
): Promise<CheckpointDifference[]> {
  return compareThread(
    (await source.readThread(threadId)).map(withMigratedVersions),
    await readThreadTuples(target, threadId),
  );
}
