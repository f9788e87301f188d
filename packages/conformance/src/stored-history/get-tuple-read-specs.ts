import { addressKey, addressOf } from "./expected-history.js";
import type { ReadSpec } from "./read-spec.js";
import { tupleDifferences } from "./tuple-view.js";

/** `getTuple` without a checkpoint id: the namespace's newest checkpoint with its writes. */
export const getLatestTupleSpec: ReadSpec = {
  name: "getTuple without checkpoint_id returns each namespace's newest checkpoint, equal",
  async check(saver, history) {
    const violations: string[] = [];
    for (const { threadId, checkpointNs, tuples } of history.byNamespace.values()) {
      const newest = tuples[0]!;
      const actual = await saver.getTuple({
        configurable: { thread_id: threadId, checkpoint_ns: checkpointNs },
      });
      const parts = tupleDifferences(actual, newest);
      if (parts.length > 0) {
        const returned = actual === undefined ? "nothing" : addressKey(addressOf(actual));
        violations.push(
          `getTuple(latest of ${JSON.stringify([threadId, checkpointNs])}): returned ${returned}, expected ${addressKey(addressOf(newest))} (differs in ${parts.join(", ")})`,
        );
      }
    }
    return violations;
  },
};

/** `getTuple` by id, for every stored checkpoint. */
export const getTupleByIdSpec: ReadSpec = {
  name: "getTuple by checkpoint_id returns that checkpoint, equal, for every checkpoint",
  async check(saver, history) {
    const violations: string[] = [];
    for (const [key, expected] of history.byAddress) {
      const { threadId, checkpointNs, checkpointId } = addressOf(expected);
      const actual = await saver.getTuple({
        configurable: {
          thread_id: threadId,
          checkpoint_ns: checkpointNs,
          checkpoint_id: checkpointId,
        },
      });
      const parts = tupleDifferences(actual, expected);
      if (parts.length > 0) violations.push(`getTuple(${key}): differs in ${parts.join(", ")}`);
    }
    return violations;
  },
};
