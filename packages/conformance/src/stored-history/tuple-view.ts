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

/**
 * Violations of "newest checkpoint id first" within each namespace. Across namespaces of a
 * listing no order is asked (the project's own list specs compare those as a set).
 */
export function orderViolations(asked: string, listed: readonly CheckpointTuple[]): string[] {
  const lastIdOf = new Map<string, string>();
  for (const tuple of listed) {
    const { checkpointNs, checkpointId } = addressOf(tuple);
    const previous = lastIdOf.get(checkpointNs);
    if (previous !== undefined && checkpointId > previous) {
      return [`${asked}: ${checkpointId} comes after the older ${previous}, not newest first`];
    }
    lastIdOf.set(checkpointNs, checkpointId);
  }
  return [];
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
