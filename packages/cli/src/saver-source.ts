import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { MigrationSource } from "./migration-source.js";

/** Every tuple `saver.list` yields for the thread (namespace unset: all namespaces). */
export async function readThreadTuples(
  saver: BaseCheckpointSaver,
  threadId: string,
): Promise<CheckpointTuple[]> {
  const tuples: CheckpointTuple[] = [];
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
    tuples.push(tuple);
  }
  return tuples;
}

/**
 * A source over any saver whose thread ids the caller already knows (the saver interface
 * has no way to enumerate threads that works on every backend).
 */
export function saverSource(
  saver: BaseCheckpointSaver,
  threadIds: readonly string[],
): MigrationSource {
  const unique = [...new Set(threadIds)];
  return {
    countThreads: async () => unique.length,
    threadIds: async function* () {
      yield* unique;
    },
    readThread: (threadId) => readThreadTuples(saver, threadId),
  };
}
