import { Command } from "@langchain/langgraph";
import { PostgresSaver as OfficialPostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";
import { compileCaseGraph } from "./approval-graph.js";

export interface OfficialThreads {
  schema: string;
  /** Every thread written, sorted. */
  threadIds: string[];
  /** Threads left paused at the approval interrupt. */
  pausedThreadIds: string[];
}

/**
 * Fills an official PostgresSaver schema by running the case graph on `threadCount` threads:
 * every other thread is resumed to the end, the rest stay paused at the interrupt inside the
 * approval subgraph (pending writes, a subgraph namespace).
 */
export async function writeOfficialThreads(
  pool: pg.Pool,
  schema: string,
  threadCount: number,
): Promise<OfficialThreads> {
  const saver = new OfficialPostgresSaver(pool, undefined, { schema });
  await saver.setup();
  const graph = compileCaseGraph(saver);
  const threadIds: string[] = [];
  const pausedThreadIds: string[] = [];
  for (let index = 0; index < threadCount; index += 1) {
    const threadId = `case-${String(index).padStart(3, "0")}`;
    const config = { configurable: { thread_id: threadId } };
    await graph.invoke({ request: `charge ${index}` }, config);
    if (index % 2 === 0) pausedThreadIds.push(threadId);
    else await graph.invoke(new Command({ resume: `agent-${index}` }), config);
    threadIds.push(threadId);
  }
  return { schema, threadIds, pausedThreadIds };
}
