import { CheckpointConflictError, LEASE_TOKEN_KEY, withThreadLease } from "@checkpointkit/core";
import type { SaverHarness } from "../../harness.js";
import { freshThreadId, makeMetadata, SPEC_TIMEOUT_MS, useSaver } from "../fixtures.js";
import { useHarnessLifecycle } from "../harness-lifecycle.js";
import { describeLeaseProcessRace } from "./lease-process-race.js";
import {
  expectConflict,
  expectedHistory,
  type LeaseSaver,
  leasedConfig,
  pendingValues,
  putValue,
  refusal,
  storedIds,
  uniqueCheckpoint,
  useFencedSaver,
  type WriteFenceSpecOptions,
} from "./lease-spec-support.js";

/** Long enough that no spec's lease runs out unless the spec waits for it to. */
const LONG_TTL_MS = 60_000;

/**
 * The contract of thread leases (core's `ThreadLeaseSaver`): one holder per thread, and a
 * `put`/`putWrites` carrying a token that is not the thread's current lease refused with
 * `CheckpointConflictError`, storing nothing. With `forkWorker`, also two real processes race
 * for one thread and the winner, stopped past its lease, writes nothing once continued.
 */
export function describeThreadLeases<S extends LeaseSaver>(
  harness: SaverHarness<S>,
  options: WriteFenceSpecOptions<S>,
): void {
  describe(`thread leases: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    describe("one saver", () => {
      const saver = useSaver(harness as unknown as SaverHarness) as () => S;

      it(
        "one holder at a time: a second acquire is refused until the first is released",
        async () => {
          const threadId = freshThreadId();
          const first = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          await expectConflict(() => saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS }));
          await saver().releaseThreadLease(first);
          const second = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          expect(second.token).not.toBe(first.token);
          // Releasing a lease that is no longer current leaves the current one alone.
          await saver().releaseThreadLease(first);
          await expectConflict(() => saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS }));
          await saver().releaseThreadLease(second);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "waitMs: an acquire waits for the holder to release",
        async () => {
          const threadId = freshThreadId();
          const held = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          const waiting = saver().acquireThreadLease(threadId, {
            ttlMs: LONG_TTL_MS,
            waitMs: 30_000,
            retryIntervalMs: 20,
          });
          await saver().releaseThreadLease(held);
          const next = await waiting;
          expect(next.token).not.toBe(held.token);
          await saver().releaseThreadLease(next);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "writes with the current token land; with a replaced token they are refused and store nothing",
        async () => {
          const threadId = freshThreadId();
          const old = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          const first = await putValue(saver(), leasedConfig(threadId, old.token), "first");
          await saver().putWrites(
            leasedConfig(threadId, old.token, first),
            [["value", "w1"]],
            "t1",
          );
          await saver().releaseThreadLease(old);
          const current = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });

          const late = uniqueCheckpoint("late");
          await expectConflict(() =>
            saver().put(
              leasedConfig(threadId, old.token, first),
              late,
              makeMetadata(),
              late.channel_versions,
            ),
          );
          await expectConflict(() =>
            saver().putWrites(leasedConfig(threadId, old.token, first), [["value", "late"]], "t2"),
          );
          expect(await storedIds(saver(), threadId)).toEqual([first]);
          expect(await pendingValues(saver(), threadId, first)).toEqual(["w1"]);

          const second = await putValue(
            saver(),
            leasedConfig(threadId, current.token, first),
            "second",
          );
          expect(await storedIds(saver(), threadId)).toEqual(
            expectedHistory(options, [second, first]),
          );
          await saver().releaseThreadLease(current);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "a lease that ran out fences its holder; renewing it is refused",
        async () => {
          const threadId = freshThreadId();
          const short = await saver().acquireThreadLease(threadId, { ttlMs: 200 });
          const first = await putValue(saver(), leasedConfig(threadId, short.token), "first");
          // Taken over only once the short lease is over (the acquire keeps retrying until then).
          const next = await saver().acquireThreadLease(threadId, {
            ttlMs: LONG_TTL_MS,
            waitMs: 30_000,
            retryIntervalMs: 50,
          });
          await expectConflict(() => saver().renewThreadLease(short));
          await expectConflict(() =>
            putValue(saver(), leasedConfig(threadId, short.token, first), "late"),
          );
          expect(await storedIds(saver(), threadId)).toEqual([first]);
          await saver().renewThreadLease(next);
          await saver().releaseThreadLease(next);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "writes without a token are not fenced (requireLease is off)",
        async () => {
          const threadId = freshThreadId();
          const held = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          const id = await putValue(saver(), leasedConfig(threadId, undefined), "unfenced");
          expect(await storedIds(saver(), threadId)).toEqual([id]);
          await saver().releaseThreadLease(held);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "withThreadLease hands the run its token, refuses a second run meanwhile, releases at the end",
        async () => {
          const threadId = freshThreadId();
          const stored = await withThreadLease(
            saver(),
            threadId,
            async (config) => {
              expect(typeof config.configurable?.[LEASE_TOKEN_KEY]).toBe("string");
              await expectConflict(() =>
                withThreadLease(saver(), threadId, async () => "never", { ttlMs: LONG_TTL_MS }),
              );
              return putValue(
                saver(),
                { ...config, configurable: { ...config.configurable, checkpoint_ns: "" } },
                "run",
              );
            },
            { ttlMs: LONG_TTL_MS },
          );
          expect(await storedIds(saver(), threadId)).toEqual([stored]);
          const after = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          await saver().releaseThreadLease(after);
        },
        SPEC_TIMEOUT_MS,
      );

      it(
        "withThreadLease aborts the run and rejects when a renewal fails",
        async () => {
          const threadId = freshThreadId();
          let aborted: AbortSignal | undefined;
          const outcome = await refusal(() =>
            withThreadLease(
              saver(),
              threadId,
              async (config, lease) => {
                aborted = config.signal;
                // Lost from under the run: the next renewal finds another token.
                await saver().releaseThreadLease(lease);
                const other = await saver().acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
                await new Promise<void>((resolve) =>
                  config.signal?.addEventListener("abort", () => resolve()),
                );
                await saver().releaseThreadLease(other);
                return "finished anyway";
              },
              { ttlMs: 3_000, renewEveryMs: 20 },
            ),
          );
          expect(CheckpointConflictError.isInstance(outcome)).toBe(true);
          expect(aborted?.aborted).toBe(true);
        },
        SPEC_TIMEOUT_MS,
      );
    });

    describe("requireLease", () => {
      const fenced = useFencedSaver(harness, options, { requireLease: true });

      it(
        "refuses put and putWrites without a token, accepts them with the current one",
        async () => {
          const saver = fenced();
          const threadId = freshThreadId();
          await expectConflict(() =>
            putValue(saver, leasedConfig(threadId, undefined), "no token"),
          );
          const lease = await saver.acquireThreadLease(threadId, { ttlMs: LONG_TTL_MS });
          const id = await putValue(saver, leasedConfig(threadId, lease.token), "leased");
          await expectConflict(() =>
            saver.putWrites(leasedConfig(threadId, undefined, id), [["value", "no token"]], "t"),
          );
          await saver.putWrites(leasedConfig(threadId, lease.token, id), [["value", "ok"]], "t");
          expect(await storedIds(saver, threadId)).toEqual([id]);
          expect(await pendingValues(saver, threadId, id)).toEqual(["ok"]);
          await saver.releaseThreadLease(lease);
        },
        SPEC_TIMEOUT_MS,
      );
    });

    if (options.forkWorker !== undefined) describeLeaseProcessRace(harness, options);
  });
}
