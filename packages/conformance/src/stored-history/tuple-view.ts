import { isDeepStrictEqual } from "node:util";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { addressKey, addressOf } from "./expected-history.js";

/**
 * What a read returns of a tuple that a reader can rely on: its address, checkpoint,
 * metadata, parent and pending writes. Config extras a saver may add are not part of it.
 */
function readView(tuple: CheckpointTuple) {
  const parent = tuple.parentConfig?.configurable;
  return {
    address: addressOf(tuple),
    checkpoint: tuple.checkpoint,
    metadata: tuple.metadata,
    parent:
      parent?.checkpoint_id === undefined
        ? undefined
        : {
            checkpointNs: String(parent.checkpoint_ns ?? ""),
            checkpointId: String(parent.checkpoint_id),
          },
    pendingWrites: tuple.pendingWrites ?? [],
  };
}

/** Which parts of `actual` differ from `expected` (empty: the same tuple). */
export function tupleDifferences(
  actual: CheckpointTuple | undefined,
  expected: CheckpointTuple,
): string[] {
  if (actual === undefined) return ["missing"];
  const actualView = readView(actual);
  const expectedView = readView(expected);
  return (Object.keys(expectedView) as (keyof typeof expectedView)[]).filter(
    (part) => !isDeepStrictEqual(actualView[part], expectedView[part]),
  );
}

export function keysOf(tuples: readonly CheckpointTuple[]): string[] {
  return tuples.map((tuple) => addressKey(addressOf(tuple)));
}

/**
 * Violations of "`actual` is exactly `expected`, in this order, each tuple equal": one line
 * per wrong sequence or differing tuple, prefixed with what was asked.
 */
export function sequenceViolations(
  asked: string,
  actual: readonly CheckpointTuple[],
  expected: readonly CheckpointTuple[],
): string[] {
  const actualKeys = keysOf(actual);
  const expectedKeys = keysOf(expected);
  if (!isDeepStrictEqual(actualKeys, expectedKeys)) {
    return [`${asked}: returned [${actualKeys.join(", ")}], expected [${expectedKeys.join(", ")}]`];
  }
  const violations: string[] = [];
  expected.forEach((tuple, index) => {
    const parts = tupleDifferences(actual[index], tuple);
    if (parts.length > 0) {
      violations.push(`${asked}: ${expectedKeys[index]} differs in ${parts.join(", ")}`);
    }
  });
  return violations;
}

/** Violations of "newest checkpoint id first" (ties allowed: namespaces may share an id). */
export function orderViolations(asked: string, listed: readonly CheckpointTuple[]): string[] {
  const ids = listed.map((tuple) => addressOf(tuple).checkpointId);
  const misplaced = ids.findIndex((id, index) => index > 0 && id > ids[index - 1]!);
  return misplaced === -1
    ? []
    : [`${asked}: ${ids[misplaced]} comes after the older ${ids[misplaced - 1]}, not newest first`];
}

/** Violations of "`listed` holds exactly the expected tuples, each equal", in any order. */
export function setViolations(
  asked: string,
  listed: readonly CheckpointTuple[],
  expected: readonly CheckpointTuple[],
): string[] {
  const byKey = (tuples: readonly CheckpointTuple[]) =>
    [...tuples].sort((a, b) => {
      const left = keysOf([a])[0]!;
      const right = keysOf([b])[0]!;
      return left < right ? -1 : left > right ? 1 : 0;
    });
  return sequenceViolations(asked, byKey(listed), byKey(expected));
}
