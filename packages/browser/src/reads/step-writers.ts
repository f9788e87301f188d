import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";

/** LangGraph's bookkeeping entries in `versions_seen`, not nodes of the graph. */
const BOOKKEEPING_ENTRIES = new Set(["__input__", "__interrupt__"]);

/**
 * The node(s) whose step produced `tuple`: LangGraph records, per node, the channel versions
 * the node last saw (`versions_seen`), so the nodes whose record changed since the parent ran
 * in that step. `metadata.writes` (written by older LangGraph versions) names them directly.
 */
export function stepWriters(tuple: CheckpointTuple, parent: CheckpointTuple | undefined): string[] {
  const recorded = (tuple.metadata as { writes?: unknown } | undefined)?.writes;
  if (recorded !== null && typeof recorded === "object") return Object.keys(recorded);
  const seen = tuple.checkpoint.versions_seen ?? {};
  const parentSeen = parent?.checkpoint.versions_seen ?? {};
  return Object.keys(seen)
    .filter((node) => !BOOKKEEPING_ENTRIES.has(node))
    .filter((node) => JSON.stringify(seen[node]) !== JSON.stringify(parentSeen[node]))
    .sort();
}
