import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointListOptions } from "@langchain/langgraph-checkpoint";
import { addressOf } from "./expected-history.js";
import { collectList } from "./read-helpers.js";
import type { ReadSpec } from "./read-spec.js";
import { orderViolations, sequenceViolations, setViolations } from "./tuple-view.js";

function namespaceConfig(threadId: string, checkpointNs: string): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs } };
}

function describeAsk(config: RunnableConfig, options?: CheckpointListOptions): string {
  const { thread_id, checkpoint_ns } = config.configurable ?? {};
  const asked: Record<string, unknown> = { thread_id, checkpoint_ns };
  if (options?.limit !== undefined) asked.limit = options.limit;
  if (options?.before !== undefined) asked.before = options.before.configurable?.checkpoint_id;
  if (options?.filter !== undefined) asked.filter = options.filter;
  return `list(${JSON.stringify(asked)})`;
}

/** Every namespace of a thread: exactly the expected tuples, newest checkpoint id first. */
export const listThreadSpec: ReadSpec = {
  name: "list of a thread (all namespaces) yields exactly its checkpoints, each namespace newest first, each equal",
  async check(saver, history) {
    const violations: string[] = [];
    for (const [threadId, expected] of history.byThread) {
      const config = { configurable: { thread_id: threadId } };
      const listed = await collectList(saver, config);
      const asked = describeAsk(config);
      violations.push(...orderViolations(asked, listed), ...setViolations(asked, listed, expected));
    }
    return violations;
  },
};

/** One namespace: exactly its tuples in order. */
export const listNamespaceSpec: ReadSpec = {
  name: "list of one namespace yields exactly its checkpoints, newest first",
  async check(saver, history) {
    const violations: string[] = [];
    for (const { threadId, checkpointNs, tuples } of history.byNamespace.values()) {
      const config = namespaceConfig(threadId, checkpointNs);
      violations.push(
        ...sequenceViolations(describeAsk(config), await collectList(saver, config), tuples),
      );
    }
    return violations;
  },
};

/** `limit` returns the newest n, for n = 1, half, all, more than all. */
export const listLimitSpec: ReadSpec = {
  name: "list with `limit` yields the newest n checkpoints",
  async check(saver, history) {
    const violations: string[] = [];
    for (const { threadId, checkpointNs, tuples } of history.byNamespace.values()) {
      const config = namespaceConfig(threadId, checkpointNs);
      const limits = new Set([1, Math.ceil(tuples.length / 2), tuples.length, tuples.length + 1]);
      for (const limit of limits) {
        const options = { limit };
        violations.push(
          ...sequenceViolations(
            describeAsk(config, options),
            await collectList(saver, config, options),
            tuples.slice(0, limit),
          ),
        );
      }
    }
    return violations;
  },
};

/** `before` every stored checkpoint: the strictly older ones; with `limit` 2, the next two. */
export const listBeforeSpec: ReadSpec = {
  name: "list with `before` (alone and with `limit`) yields only strictly older checkpoints",
  async check(saver, history) {
    const violations: string[] = [];
    for (const { threadId, checkpointNs, tuples } of history.byNamespace.values()) {
      const config = namespaceConfig(threadId, checkpointNs);
      for (const [index, cursor] of tuples.entries()) {
        for (const options of [{ before: cursor.config }, { before: cursor.config, limit: 2 }]) {
          const older = tuples.slice(index + 1);
          violations.push(
            ...sequenceViolations(
              describeAsk(config, options),
              await collectList(saver, config, options),
              options.limit === undefined ? older : older.slice(0, options.limit),
            ),
          );
        }
      }
    }
    return violations;
  },
};

type Primitive = string | number | boolean;

function isPrimitive(value: unknown): value is Primitive {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * Metadata `filter` by equality: every primitive metadata value of the thread alone, every
 * checkpoint's full set of primitive values together, and a value no checkpoint has.
 */
export const listFilterSpec: ReadSpec = {
  name: "list with a metadata `filter` (alone and with `limit`) yields exactly the matching checkpoints",
  async check(saver, history) {
    const violations: string[] = [];
    for (const [threadId, expected] of history.byThread) {
      const config = { configurable: { thread_id: threadId } };
      const filters = new Map<string, Record<string, Primitive>>();
      for (const tuple of expected) {
        const primitives = Object.entries(tuple.metadata ?? {}).filter(([, value]) =>
          isPrimitive(value),
        ) as [string, Primitive][];
        for (const [key, value] of primitives) {
          filters.set(JSON.stringify({ [key]: value }), { [key]: value });
        }
        const together = Object.fromEntries(primitives);
        filters.set(JSON.stringify(together), together);
      }
      filters.set("none", { source: "no checkpoint has this source" });
      for (const filter of filters.values()) {
        const matching = expected.filter((tuple) =>
          Object.entries(filter).every(
            ([key, value]) =>
              (tuple.metadata as Record<string, unknown> | undefined)?.[key] === value,
          ),
        );
        const listed = await collectList(saver, config, { filter });
        const asked = describeAsk(config, { filter });
        violations.push(
          ...orderViolations(asked, listed),
          ...setViolations(asked, listed, matching),
        );
        // `limit` takes the newest: asked per namespace, where "newest" is one order.
        for (const checkpointNs of new Set(
          expected.map((tuple) => addressOf(tuple).checkpointNs),
        )) {
          const inNamespace = namespaceConfig(threadId, checkpointNs);
          const options = { filter, limit: 1 };
          const newest = matching.filter((tuple) => addressOf(tuple).checkpointNs === checkpointNs);
          violations.push(
            ...sequenceViolations(
              describeAsk(inNamespace, options),
              await collectList(saver, inNamespace, options),
              newest.slice(0, 1),
            ),
          );
        }
      }
    }
    return violations;
  },
};

/** Global listing (no thread id): holds every expected tuple of the expected threads, and no other. */
export const listGlobalSpec: ReadSpec = {
  name: "list without thread_id yields every expected checkpoint (other threads may be listed too)",
  async check(saver, history) {
    const listed = (await collectList(saver, {})).filter((tuple) =>
      history.byThread.has(addressOf(tuple).threadId),
    );
    // Only the set: the contract orders one thread's checkpoints, not those of different threads.
    return setViolations("list({})", listed, [...history.byAddress.values()]);
  },
};
