import { randomBytes } from "node:crypto";
import {
  type LargeStateEvent,
  PayloadTooLargeError,
  type StateSizeOptions,
  type StateSizeReader,
} from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverHarness } from "../../harness.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
} from "../fixtures.js";
import { useHarnessLifecycle } from "../harness-lifecycle.js";
import { refusal } from "../leases/lease-spec-support.js";
import { sizeRecordSpecs } from "./size-record-specs.js";

/** A saver that records each put's stored size and reads it back (core's `StateSizeReader`). */
export type SizedSaver = BaseCheckpointSaver & StateSizeReader;

/** What the state-size specs need beyond the harness. */
export interface StateSizeSpecOptions<S extends SizedSaver = SizedSaver> {
  /**
   * A saver over fresh storage with these size options (destroyed with `harness.destroy`). It
   * must not compress values: the specs expect stored bytes of about the serde's bytes.
   */
  createWithStateSize(options: StateSizeOptions): Promise<S>;
  /**
   * For savers that compress: one over fresh storage that compresses values of 16 kB and more
   * (core's default threshold, e.g. `compression: { algorithm: "gzip" }`), with these size
   * options. Without it the compressed-record spec is skipped, and says so.
   */
  createCompressing?(options: StateSizeOptions): Promise<S>;
}

const LIMIT_BYTES = 8_192;
const WARNING_BYTES = 4_096;

/** Random base64: compression cannot bring it under the limits the specs test. */
function incompressible(bytes: number): string {
  return randomBytes(bytes).toString("base64").slice(0, bytes);
}

/**
 * `maxCheckpointBytes` refuses an oversized put or putWrites with `PayloadTooLargeError`
 * and stores nothing; `onLargeState` reports a put past `largeStateWarningBytes` and a
 * throwing hook never fails the write; `threadSizeSummary` sees where the bytes are;
 * `getCheckpointSize` returns the record each put stored (see size-record-specs.ts).
 */
export function describeStateSizeLimits<S extends SizedSaver>(
  harness: SaverHarness<S>,
  options: StateSizeSpecOptions<S>,
): void {
  describe(`state size limits: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    const events: LargeStateEvent[] = [];
    let limited: S | undefined;
    let throwingHook: S | undefined;
    let plain: S | undefined;
    let compressing: S | undefined;
    beforeAll(async () => {
      plain = await options.createWithStateSize({});
      compressing = await options.createCompressing?.({});
      limited = await options.createWithStateSize({
        maxCheckpointBytes: LIMIT_BYTES,
        largeStateWarningBytes: WARNING_BYTES,
        onLargeState: (event) => {
          events.push(event);
        },
      });
      throwingHook = await options.createWithStateSize({
        largeStateWarningBytes: WARNING_BYTES,
        onLargeState: () => {
          throw new Error("hook failure");
        },
      });
    }, SPEC_TIMEOUT_MS);
    afterAll(async () => {
      for (const saver of [limited, throwingHook, plain, compressing]) {
        if (saver !== undefined) await harness.destroy?.(saver);
      }
    }, SPEC_TIMEOUT_MS);
    const saver = (): S => limited as S;

    it(
      "an oversized put is refused with PayloadTooLargeError naming the channel, and stores nothing",
      async () => {
        const threadId = freshThreadId("size");
        const huge = incompressible(LIMIT_BYTES * 2);
        const checkpoint = makeCheckpoint({ huge, small: "s" });
        const error = await refusal(() =>
          putCheckpoint(saver(), threadConfig(threadId), checkpoint),
        );
        expect(PayloadTooLargeError.isInstance(error)).toBe(true);
        const refused = error as PayloadTooLargeError;
        expect(refused.limitBytes).toBe(LIMIT_BYTES);
        expect(refused.sizeBytes).toBeGreaterThan(LIMIT_BYTES);
        expect(refused.message).toContain('"huge"');
        expect(refused.message).toContain(checkpoint.id);
        expect(refused.message).not.toContain(huge.slice(0, 32));
        expect(await saver().getTuple(threadConfig(threadId))).toBeUndefined();
        expect(await collect(saver().list(threadConfig(threadId)))).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "an oversized putWrites is refused and stores none of its writes",
      async () => {
        const threadId = freshThreadId("size");
        const stored = await putCheckpoint(
          saver(),
          threadConfig(threadId),
          makeCheckpoint({ a: 1 }),
        );
        const error = await refusal(() =>
          saver().putWrites(
            stored,
            [
              ["small", "s"],
              ["huge", incompressible(LIMIT_BYTES * 2)],
            ],
            "task",
          ),
        );
        expect(PayloadTooLargeError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain('"huge"');
        const tuple = await saver().getTuple(stored);
        expect(tuple?.pendingWrites ?? []).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a put past the warning threshold calls onLargeState with its channels, largest first",
      async () => {
        const threadId = freshThreadId("size");
        const checkpoint = makeCheckpoint({ big: incompressible(WARNING_BYTES + 512), small: "s" });
        const before = events.length;
        await putCheckpoint(saver(), threadConfig(threadId), checkpoint);
        await putCheckpoint(saver(), threadConfig(threadId), makeCheckpoint({ small: "t" }));
        const fired = events.slice(before).filter((event) => event.threadId === threadId);
        expect(fired).toHaveLength(1);
        const event = fired[0] as LargeStateEvent;
        expect(event.checkpointId).toBe(checkpoint.id);
        expect(event.checkpointNs).toBe("");
        expect(event.totalBytes).toBeGreaterThan(WARNING_BYTES);
        expect(event.channels.map((size) => size.channel)).toEqual(["big", "small"]);
        const big = event.channels[0];
        expect(big?.bytes).toBeGreaterThan(WARNING_BYTES);
        expect(big?.storedBytes).toBeGreaterThan(0);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a throwing onLargeState hook does not fail the put",
      async () => {
        const threadId = freshThreadId("size");
        const checkpoint = makeCheckpoint({ big: incompressible(WARNING_BYTES * 2) });
        const warned = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
        try {
          await putCheckpoint(throwingHook as S, threadConfig(threadId), checkpoint);
        } finally {
          warned.mockRestore();
        }
        const tuple = await (throwingHook as S).getTuple(threadConfig(threadId));
        expect(tuple?.checkpoint.id).toBe(checkpoint.id);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "threadSizeSummary reports the thread's bytes, its largest channel and its growth",
      async () => {
        const threadId = freshThreadId("size");
        let config = threadConfig(threadId);
        // `tag` (2 kB) is written once: a later checkpoint that counted it again would pass
        // 3 kB below, so the per-checkpoint sizes must count only what each one introduced.
        const sizes = [500, 1_500, 3_000];
        for (const [index, bytes] of sizes.entries()) {
          const values =
            index === 0
              ? { notes: incompressible(bytes), tag: incompressible(2_000) }
              : { notes: incompressible(bytes) };
          const versions = { notes: index + 1, tag: 1 };
          const checkpoint = makeCheckpoint(values, versions);
          config = await saver().put(
            config,
            checkpoint,
            makeMetadata({ step: index }),
            index === 0 ? versions : { notes: index + 1 },
          );
        }
        const summary = await saver().threadSizeSummary(threadId, { lastN: 2 });
        expect(summary.threadId).toBe(threadId);
        expect(summary.largestChannels[0]?.channel).toBe("notes");
        expect(summary.recentCheckpoints.map((size) => size.checkpointId)).toEqual([
          config.configurable?.checkpoint_id,
          expect.any(String),
        ]);
        const [newest, previous] = summary.recentCheckpoints;
        expect(newest?.storedBytes).toBeGreaterThanOrEqual(3_000);
        expect(previous?.storedBytes).toBeGreaterThanOrEqual(1_500);
        expect(previous?.storedBytes).toBeLessThan(3_000);
        expect(summary.growthBytes).toBe((newest?.storedBytes ?? 0) - (previous?.storedBytes ?? 0));
        expect(summary.totalBytes).toBeGreaterThanOrEqual(
          summary.scope === "thread" ? 7_000 : 4_500,
        );
        if (summary.scope === "thread") expect(summary.checkpointCount).toBe(3);
        const empty = await saver().threadSizeSummary(freshThreadId("none"));
        expect(empty.totalBytes).toBe(0);
        expect(empty.recentCheckpoints).toEqual([]);
        expect(empty.growthBytes).toBe(0);
      },
      SPEC_TIMEOUT_MS,
    );

    sizeRecordSpecs(
      () => plain as S,
      options.createCompressing === undefined ? undefined : () => compressing as S,
    );
  });
}
