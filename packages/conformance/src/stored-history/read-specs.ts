import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { deltaChannelHistorySpec } from "./delta-history-read-spec.js";
import { ExpectedHistory } from "./expected-history.js";
import { getLatestTupleSpec, getTupleByIdSpec } from "./get-tuple-read-specs.js";
import {
  listBeforeSpec,
  listFilterSpec,
  listGlobalSpec,
  listLimitSpec,
  listNamespaceSpec,
  listThreadSpec,
} from "./list-read-specs.js";
import type { ReadSpec } from "./read-spec.js";

/** Which read specs apply to a saver. */
export interface ReadSpecOptions {
  /**
   * Check `getDeltaChannelHistory` too (every saver of the project has it; the base class's
   * walk answers it for others).
   * @default true
   */
  deltaChannelHistory?: boolean;
}

const ALWAYS: readonly ReadSpec[] = [
  listThreadSpec,
  listNamespaceSpec,
  listLimitSpec,
  listBeforeSpec,
  listFilterSpec,
  listGlobalSpec,
  getLatestTupleSpec,
  getTupleByIdSpec,
];

/** The read-only specs that apply, in the order they run. */
export function readSpecs(options: ReadSpecOptions = {}): readonly ReadSpec[] {
  return options.deltaChannelHistory === false ? ALWAYS : [...ALWAYS, deltaChannelHistorySpec];
}

/**
 * Runs every applicable read spec against a saver someone else filled and returns the
 * violations per spec name (a spec that holds maps to `[]`). `expected` is every tuple of
 * the filled threads as a reference reader returned them (e.g. the source saver's `list`).
 */
export async function readSpecViolations(
  saver: BaseCheckpointSaver,
  expected: readonly CheckpointTuple[],
  options: ReadSpecOptions = {},
): Promise<Record<string, string[]>> {
  const history = new ExpectedHistory(expected);
  const violations: Record<string, string[]> = {};
  for (const spec of readSpecs(options)) violations[spec.name] = await spec.check(saver, history);
  return violations;
}
