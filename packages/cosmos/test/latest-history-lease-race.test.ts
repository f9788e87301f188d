import {
  collect,
  freshThreadId,
  LeaseWorker,
  newCheckpointId,
  type SaverHarness,
  threadConfig,
} from "@checkpointkit/conformance";
import type { CosmosSaver } from "../src/index.js";
import { fencedCosmosHarness } from "./fenced-saver-harness.js";

/**
 * The conformance two-process race (thread-leases-latest.test.ts skips it: it lists the
 * replaced checkpoint at the end) on `history: "latest"`: two processes race for one thread,
 * the winner writes, is stopped (SIGSTOP) until the other took the lease over and replaced
 * its checkpoint, then continued with a put and a putWrites waiting: both are refused, and
 * the container holds the other's checkpoint only, without writes.
 */
const { harness, fenceOptions } = fencedCosmosHarness("latest");
const WINNER_TTL_MS = 1_000;

let saver: CosmosSaver;
let workers: LeaseWorker[] = [];
beforeAll(async () => {
  saver = await (harness as SaverHarness<CosmosSaver>).create();
});
afterAll(() => harness.destroy?.(saver));
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.end()));
  workers = [];
});

it("race for one thread; the winner, stopped past its lease and continued, writes nothing", async () => {
  const forkWorker = fenceOptions.forkWorker as NonNullable<typeof fenceOptions.forkWorker>;
  workers = [0, 1].map(() => new LeaseWorker(forkWorker(saver)));
  await Promise.all(workers.map((worker) => worker.ready()));
  const threadId = freshThreadId("race");

  const replies = await Promise.all(
    workers.map((worker) => worker.request({ op: "acquire", threadId, ttlMs: WINNER_TTL_MS })),
  );
  expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
  expect(replies.find((reply) => !reply.ok)).toMatchObject({ ok: false, conflict: true });
  const winnerIndex = replies.findIndex((reply) => reply.ok);
  const winner = workers[winnerIndex] as LeaseWorker;
  const other = workers[1 - winnerIndex] as LeaseWorker;
  const winnerToken = (replies[winnerIndex] as { token: string }).token;

  const first = newCheckpointId();
  const put = { op: "put", threadId, value: "winner" } as const;
  expect(
    await winner.request({ ...put, token: winnerToken, parentId: undefined, checkpointId: first }),
  ).toMatchObject({ ok: true });

  winner.stop();
  // The other process keeps asking until the stopped winner's lease has run out.
  const takeover = await other.request({ op: "acquire", threadId, ttlMs: 60_000, waitMs: 20_000 });
  expect(takeover.ok).toBe(true);
  const otherToken = (takeover as { token: string }).token;
  const second = newCheckpointId();
  expect(
    await other.request({ ...put, token: otherToken, parentId: first, checkpointId: second }),
  ).toMatchObject({ ok: true });

  // Sent while stopped: the winner runs them as soon as it continues, with its old token.
  const latePut = winner.request({
    ...put,
    token: winnerToken,
    parentId: first,
    checkpointId: newCheckpointId(),
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
  const stored = await collect(saver.list(threadConfig(threadId)));
  expect(stored.map((tuple) => tuple.checkpoint.id)).toEqual([second]);
  expect(stored[0]?.pendingWrites).toEqual([]);
});
