import type { SaverHarness } from "../../harness.js";
import { freshThreadId, newCheckpointId, SPEC_TIMEOUT_MS, useSaver } from "../fixtures.js";
import {
  expectedHistory,
  type LeaseSaver,
  pendingValues,
  storedIds,
  type WriteFenceSpecOptions,
} from "./lease-spec-support.js";
import { LeaseWorker } from "./lease-worker-client.js";

/** The winner's lease: short, so the spec can wait it out while the winner is stopped. */
const RACE_TTL_MS = 1_000;

/**
 * Two real processes, each with its own saver and connections on the same storage, race for
 * one thread: exactly one gets the lease. The winner writes, is stopped (SIGSTOP) until the
 * other has taken the lease over and written, then continued (SIGCONT) with a put and a
 * putWrites already waiting in its inbox: both are refused, and nothing of them is stored.
 */
export function describeLeaseProcessRace<S extends LeaseSaver>(
  harness: SaverHarness<S>,
  options: WriteFenceSpecOptions<S>,
): void {
  describe("two processes", () => {
    const saver = useSaver(harness as unknown as SaverHarness) as () => S;
    let workers: LeaseWorker[] = [];

    afterEach(async () => {
      await Promise.all(workers.map((worker) => worker.end()));
      workers = [];
    }, SPEC_TIMEOUT_MS);

    it(
      "race for one thread; the winner, stopped past its lease and continued, writes nothing",
      async () => {
        const forkWorker = options.forkWorker as (
          saver: S,
        ) => import("node:child_process").ChildProcess;
        workers = [new LeaseWorker(forkWorker(saver())), new LeaseWorker(forkWorker(saver()))];
        await Promise.all(workers.map((worker) => worker.ready()));
        const threadId = freshThreadId("race");

        const replies = await Promise.all(
          workers.map((worker) => worker.request({ op: "acquire", threadId, ttlMs: RACE_TTL_MS })),
        );
        expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
        const loser = replies.find((reply) => !reply.ok);
        expect(loser?.ok === false && loser.conflict).toBe(true);
        const winnerIndex = replies.findIndex((reply) => reply.ok);
        const winner = workers[winnerIndex] as LeaseWorker;
        const other = workers[1 - winnerIndex] as LeaseWorker;
        const winnerToken = (replies[winnerIndex] as { token: string }).token;

        const first = newCheckpointId();
        expect(
          await winner.request({
            op: "put",
            threadId,
            token: winnerToken,
            parentId: undefined,
            checkpointId: first,
            value: "winner",
          }),
        ).toMatchObject({ ok: true });

        winner.stop();
        // The other process keeps asking until the stopped winner's lease has run out.
        const takeover = await other.request({
          op: "acquire",
          threadId,
          ttlMs: 60_000,
          waitMs: 20_000,
        });
        expect(takeover.ok).toBe(true);
        const otherToken = (takeover as { token: string }).token;
        const second = newCheckpointId();
        expect(
          await other.request({
            op: "put",
            threadId,
            token: otherToken,
            parentId: first,
            checkpointId: second,
            value: "other",
          }),
        ).toMatchObject({ ok: true });

        // Sent while stopped: the winner runs them as soon as it continues, with its old token.
        const latePut = winner.request({
          op: "put",
          threadId,
          token: winnerToken,
          parentId: first,
          checkpointId: newCheckpointId(),
          value: "late winner",
        });
        const lateWrites = winner.request({
          op: "putWrites",
          threadId,
          token: winnerToken,
          checkpointId: second,
          taskId: "late-task",
          value: "late winner",
        });
        winner.resume();
        for (const reply of await Promise.all([latePut, lateWrites])) {
          expect(reply).toMatchObject({ ok: false, conflict: true });
        }
        expect(await storedIds(saver(), threadId)).toEqual(
          expectedHistory(options, [second, first]),
        );
        expect(await pendingValues(saver(), threadId, second)).toEqual([]);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
