import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { SPEC_TIMEOUT_MS } from "../spec/fixtures.js";
import { useHarnessLifecycle } from "../spec/harness-lifecycle.js";
import { ExpectedHistory } from "./expected-history.js";
import { type ReadSpecOptions, readSpecs } from "./read-specs.js";

/**
 * A saver that was filled by someone else (a migration, a restore, a replica) and the
 * history it must answer with. The specs only read: they never put, write or delete.
 */
export interface StoredHistoryHarness {
  /** Shown in test output, e.g. `migrated into RedisSaver`. */
  name: string;
  /** Once before the specs: fill the saver and read the expected history here. */
  beforeAll?(): Promise<void>;
  /** Milliseconds `beforeAll` may take. @default 60000 */
  beforeAllTimeoutMs?: number;
  /** Once after the specs. */
  afterAll?(): Promise<void>;
  /** The filled saver (asked after `beforeAll`). */
  saver(): BaseCheckpointSaver;
  /**
   * Every checkpoint tuple of the filled threads, every namespace, as a reference reader
   * returned them (e.g. the source saver's own `list`), in any order (asked after `beforeAll`).
   */
  expected(): readonly CheckpointTuple[];
}

/**
 * Registers the read-only conformance specs (`list` of a thread, of a namespace, with
 * `limit`, `before`, metadata `filter`, without thread id; `getTuple` latest and by id;
 * `getDeltaChannelHistory`) against a saver filled by someone else. Call it at the top level
 * of a jest test file. Each spec is one test that lists every violation it found.
 */
export function describeStoredHistory(
  harness: StoredHistoryHarness,
  options: ReadSpecOptions = {},
): void {
  describe(`conformance read specs: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    let history: ExpectedHistory | undefined;
    const expectedHistory = () => {
      history ??= new ExpectedHistory(harness.expected());
      if (history.byAddress.size === 0)
        throw new Error(`${harness.name}: the expected history is empty`);
      return history;
    };
    for (const spec of readSpecs(options)) {
      it(
        spec.name,
        async () => {
          expect(await spec.check(harness.saver(), expectedHistory())).toEqual([]);
        },
        SPEC_TIMEOUT_MS,
      );
    }
  });
}
