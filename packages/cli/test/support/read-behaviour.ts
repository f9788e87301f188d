import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { readThreadTuples } from "../../src/index.js";

function idOf(tuple: CheckpointTuple): string {
  return String(tuple.config.configurable?.checkpoint_id);
}

/**
 * What the conformance specs require of reads, checked on a saver filled by migration:
 * `list` newest first, `getTuple` without an id returns the namespace's newest checkpoint
 * with its pending writes, by id returns that checkpoint, and every parent config points at
 * a stored checkpoint of the same namespace.
 */
export async function expectConformingReads(
  saver: BaseCheckpointSaver,
  threadId: string,
): Promise<void> {
  const tuples = await readThreadTuples(saver, threadId);
  expect(tuples.length).toBeGreaterThan(0);
  const ids = tuples.map(idOf);
  expect(ids).toEqual([...ids].sort().reverse());
  const namespaces = [...new Set(tuples.map((tuple) => tuple.config.configurable?.checkpoint_ns))];
  for (const checkpointNs of namespaces) {
    const inNamespace = tuples.filter((t) => t.config.configurable?.checkpoint_ns === checkpointNs);
    const latest = await saver.getTuple({
      configurable: { thread_id: threadId, checkpoint_ns: checkpointNs },
    });
    expect(latest?.checkpoint.id).toBe(inNamespace[0]?.checkpoint.id);
    expect(latest?.pendingWrites).toEqual(inNamespace[0]?.pendingWrites);
    const storedIds = new Set(inNamespace.map(idOf));
    for (const tuple of inNamespace) {
      const byId = await saver.getTuple(tuple.config);
      expect(byId?.checkpoint).toEqual(tuple.checkpoint);
      const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
      if (parentId !== undefined) {
        expect(storedIds.has(String(parentId))).toBe(true);
        expect(tuple.parentConfig?.configurable?.checkpoint_ns).toBe(checkpointNs);
      }
    }
    // Exactly one root per namespace: every other checkpoint has a parent.
    expect(inNamespace.filter((tuple) => tuple.parentConfig === undefined)).toHaveLength(1);
  }
}
