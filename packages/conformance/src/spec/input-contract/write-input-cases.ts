import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  Checkpoint,
  CheckpointMetadata,
} from "@langchain/langgraph-checkpoint";
import { collect, makeCheckpoint, makeMetadata, SPEC_TIMEOUT_MS } from "../fixtures.js";
import type { PendingCaseGate } from "../pending-cases.js";
import { expectBaselineIntact, writeBaselineThread } from "./baseline-thread.js";
import { expectRefused } from "./invalid-config-expectation.js";
import { LONE_SURROGATE, UNSTORABLE_METADATA, UNSTORABLE_VALUES } from "./unstorable-values.js";

/** A refused write, given the stored checkpoint of a thread that must stay intact. */
type RefusedWrite = (saver: BaseCheckpointSaver, stored: RunnableConfig) => Promise<unknown>;

function putOf(
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata = makeMetadata(),
  newVersions: Record<string, number> = checkpoint.channel_versions as Record<string, number>,
): RefusedWrite {
  return (saver, stored) => saver.put(stored, checkpoint, metadata, newVersions);
}

/** A good checkpoint put under the stored config with `configurable` keys replaced. */
function putUnder(configurable: Record<string, unknown>): RefusedWrite {
  return (saver, stored) =>
    saver.put(
      { configurable: { ...stored.configurable, ...configurable } },
      makeCheckpoint({ value: 1 }),
      makeMetadata(),
      { value: 1 },
    );
}

/** Every write the input contract refuses, with the field its error must name. */
function refusedWrites(): readonly (readonly [id: string, field: RegExp, write: RefusedWrite])[] {
  const cases: [string, RegExp, RefusedWrite][] = [];
  const withoutId = makeCheckpoint({ value: 1 }) as Partial<Checkpoint>;
  delete withoutId.id;
  cases.push(["put: checkpoint.id missing", /^checkpoint\.id$/, putOf(withoutId as Checkpoint)]);
  const numericId = { ...makeCheckpoint({ value: 1 }), id: 42 as unknown as string };
  cases.push(["put: checkpoint.id a number", /^checkpoint\.id$/, putOf(numericId)]);
  for (const [label, make] of UNSTORABLE_VALUES) {
    cases.push([
      `put: channel value is ${label}`,
      /checkpoint\.channel_values\.bad/,
      putOf(makeCheckpoint({ good: 1, bad: make() })),
    ]);
    cases.push([
      `putWrites: write value is ${label}`,
      /writes\[1\]/,
      (saver, stored) =>
        saver.putWrites(
          stored,
          [
            ["good", 1],
            ["bad", make()],
          ],
          "task",
        ),
    ]);
  }
  for (const [label, make] of UNSTORABLE_METADATA) {
    cases.push([
      `put: metadata holds ${label}`,
      /^metadata/,
      putOf(makeCheckpoint({ value: 1 }), make() as CheckpointMetadata),
    ]);
  }
  cases.push([
    "putWrites: taskId undefined",
    /^taskId$/,
    (saver, stored) => saver.putWrites(stored, [["good", 1]], undefined as unknown as string),
  ]);
  cases.push(...loneSurrogateWrites());
  return cases;
}

/** Ids with a lone surrogate: every saver refuses them (UTF-8 backends cannot store them). */
function loneSurrogateWrites(): [string, RegExp, RefusedWrite][] {
  return [
    ["put: thread_id with a lone surrogate", /thread_id/, putUnder({ thread_id: LONE_SURROGATE })],
    [
      "put: checkpoint_ns with a lone surrogate",
      /checkpoint_ns/,
      putUnder({ checkpoint_ns: LONE_SURROGATE }),
    ],
    [
      "put: checkpoint.id with a lone surrogate",
      /^checkpoint\.id$/,
      putOf({ ...makeCheckpoint({ value: 1 }), id: LONE_SURROGATE }),
    ],
    [
      "put: channel name with a lone surrogate",
      /channel/,
      putOf(makeCheckpoint({ [LONE_SURROGATE]: 1 })),
    ],
    [
      "putWrites: taskId with a lone surrogate",
      /^taskId$/,
      (saver, stored) => saver.putWrites(stored, [["good", 1]], LONE_SURROGATE),
    ],
    [
      "putWrites: channel with a lone surrogate",
      /writes\[0\]/,
      (saver, stored) => saver.putWrites(stored, [[LONE_SURROGATE, 1]], "task"),
    ],
  ];
}

/**
 * `put` and `putWrites` refuse, before writing anything, what the saver cannot store exactly
 * or read back: `InvalidConfigError` naming the field, and the thread reads as before (no
 * partial write, no poisoned thread), a global `list` included.
 */
export function writeInputCases(gate: PendingCaseGate, saver: () => BaseCheckpointSaver): void {
  for (const [id, field, write] of refusedWrites()) {
    gate.it(
      id,
      `InvalidConfigError naming ${field.source}; the thread reads as before`,
      async () => {
        const baseline = await writeBaselineThread(saver());
        await expectRefused(() => write(saver(), baseline.stored), field);
        await expectBaselineIntact(saver(), baseline);
        // A poisoned thread would also break listing every thread.
        await collect(saver().list({}, { limit: 1000 }));
      },
      SPEC_TIMEOUT_MS,
    );
  }
}
