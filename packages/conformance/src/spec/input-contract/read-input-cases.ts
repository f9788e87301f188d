import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { collect, SPEC_TIMEOUT_MS } from "../fixtures.js";
import type { PendingCaseGate } from "../pending-cases.js";
import { expectBaselineIntact, writeBaselineThread } from "./baseline-thread.js";
import { expectRefused } from "./invalid-config-expectation.js";
import { LONE_SURROGATE } from "./unstorable-values.js";

/** A read or delete given a config naming an existing checkpoint, with one id replaced. */
type RefusedCall = (saver: BaseCheckpointSaver, config: RunnableConfig) => Promise<unknown>;

const getTuple: RefusedCall = (saver, config) => saver.getTuple(config);
const list: RefusedCall = (saver, config) => collect(saver.list(config));

const LONE_SURROGATE_CALLS: readonly (readonly [
  id: string,
  field: RegExp,
  key: string,
  call: RefusedCall,
])[] = [
  ["getTuple: thread_id with a lone surrogate", /thread_id/, "thread_id", getTuple],
  ["getTuple: checkpoint_ns with a lone surrogate", /checkpoint_ns/, "checkpoint_ns", getTuple],
  ["getTuple: checkpoint_id with a lone surrogate", /checkpoint_id/, "checkpoint_id", getTuple],
  ["list: thread_id with a lone surrogate", /thread_id/, "thread_id", list],
  ["list: checkpoint_ns with a lone surrogate", /checkpoint_ns/, "checkpoint_ns", list],
];

/**
 * Reads and deletes refuse an id with a lone surrogate too, with `InvalidConfigError`: no
 * backend can hold such an id, and each would otherwise fail its own way (a Cosmos DB
 * `URIError`, a PostgreSQL encoding error) or match a different id.
 */
export function readInputCases(gate: PendingCaseGate, saver: () => BaseCheckpointSaver): void {
  for (const [id, field, key, call] of LONE_SURROGATE_CALLS) {
    gate.it(
      id,
      `InvalidConfigError naming ${field.source}; other threads read as before`,
      async () => {
        const baseline = await writeBaselineThread(saver());
        const config = { configurable: { ...baseline.stored.configurable, [key]: LONE_SURROGATE } };
        await expectRefused(() => call(saver(), config), field);
        await expectBaselineIntact(saver(), baseline);
      },
      SPEC_TIMEOUT_MS,
    );
  }

  gate.it(
    "deleteThread: thread id with a lone surrogate",
    "InvalidConfigError naming the thread id; deletes nothing",
    async () => {
      const baseline = await writeBaselineThread(saver());
      await expectRefused(() => saver().deleteThread(LONE_SURROGATE), /thread/i);
      await expectBaselineIntact(saver(), baseline);
    },
    SPEC_TIMEOUT_MS,
  );
}
