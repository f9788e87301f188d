import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";

/**
 * Where `migrateThreads` reads from: which threads exist, and every checkpoint of one thread
 * (all namespaces, with pending writes and parent configs), in any order.
 */
export interface MigrationSource {
  /** How many threads `threadIds()` yields; drives the progress total. */
  countThreads(): Promise<number>;
  /** Every thread id, each once, in a stable order. */
  threadIds(): AsyncIterable<string>;
  /** Every checkpoint tuple of the thread, every namespace included. */
  readThread(threadId: string): Promise<CheckpointTuple[]>;
}
