import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";

/** Where a tuple lives: its thread, namespace and checkpoint id. */
export interface TupleAddress {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
}

export function addressOf(tuple: CheckpointTuple): TupleAddress {
  const configurable = tuple.config.configurable ?? {};
  return {
    threadId: String(configurable.thread_id),
    checkpointNs: String(configurable.checkpoint_ns ?? ""),
    checkpointId: String(configurable.checkpoint_id ?? tuple.checkpoint.id),
  };
}

/** One string per address, for maps and for messages (JSON, so any id stays unambiguous). */
export function addressKey(address: TupleAddress): string {
  return JSON.stringify([address.threadId, address.checkpointNs, address.checkpointId]);
}

/** Checkpoint ids descending: the order `list` returns. */
export function byNewestFirst(a: CheckpointTuple, b: CheckpointTuple): number {
  const left = addressOf(a).checkpointId;
  const right = addressOf(b).checkpointId;
  return left < right ? 1 : left > right ? -1 : 0;
}

/**
 * The history a saver must answer with, indexed the ways the read specs ask for it: by
 * address, by thread, and by (thread, namespace) newest first.
 */
export class ExpectedHistory {
  readonly byAddress = new Map<string, CheckpointTuple>();
  /** Thread id → its tuples of every namespace, newest first. */
  readonly byThread = new Map<string, CheckpointTuple[]>();
  /** `[thread, namespace]` → that namespace's tuples, newest first. */
  readonly byNamespace = new Map<
    string,
    { threadId: string; checkpointNs: string; tuples: CheckpointTuple[] }
  >();

  constructor(tuples: readonly CheckpointTuple[]) {
    for (const tuple of [...tuples].sort(byNewestFirst)) {
      const address = addressOf(tuple);
      const key = addressKey(address);
      if (this.byAddress.has(key)) throw new Error(`expected history lists ${key} twice`);
      this.byAddress.set(key, tuple);
      const ofThread = this.byThread.get(address.threadId) ?? [];
      ofThread.push(tuple);
      this.byThread.set(address.threadId, ofThread);
      const namespaceKey = JSON.stringify([address.threadId, address.checkpointNs]);
      const ofNamespace = this.byNamespace.get(namespaceKey) ?? {
        threadId: address.threadId,
        checkpointNs: address.checkpointNs,
        tuples: [],
      };
      ofNamespace.tuples.push(tuple);
      this.byNamespace.set(namespaceKey, ofNamespace);
    }
  }

  /** The stored parent of a tuple, if the history holds it. */
  parentOf(tuple: CheckpointTuple): CheckpointTuple | undefined {
    const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
    if (parentId === undefined || parentId === null) return undefined;
    const { threadId, checkpointNs } = addressOf(tuple);
    const parentNs = tuple.parentConfig?.configurable?.checkpoint_ns ?? checkpointNs;
    return this.byAddress.get(
      addressKey({ threadId, checkpointNs: String(parentNs), checkpointId: String(parentId) }),
    );
  }
}
