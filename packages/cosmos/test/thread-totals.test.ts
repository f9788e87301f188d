import { randomUUID } from "node:crypto";
import {
  createCosmosFaultInjector,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { InvalidConfigError, MAX_THREAD_TOTALS_IDS, type ThreadListing } from "@checkpointkit/core";
import type { CosmosSaver } from "../src/index.js";
import { errorOf } from "./error-of.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * `threadTotals` reads each thread's `thread` item by id in its own partition: one point read
 * per thread and no query, the same totals `listThreads` shows, exact however many threads
 * share the id as prefix. Every test uses its own id prefix.
 */
const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector });

function freshPrefix(): string {
  return `totals-${randomUUID()}/`;
}

async function putSteps(saver: CosmosSaver, threadId: string, steps: number): Promise<void> {
  let config = threadConfig(threadId);
  for (let step = 0; step < steps; step += 1) {
    config = await saver.put(config, makeCheckpoint({ step }, { step: step + 1 }), makeMetadata(), {
      step: step + 1,
    });
  }
}

async function listAll(saver: CosmosSaver, threadIdPrefix: string): Promise<ThreadListing[]> {
  const threads: ThreadListing[] = [];
  let cursor: string | undefined;
  do {
    const page = await saver.listThreads({ threadIdPrefix, limit: 1000, cursor });
    threads.push(...page.threads);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return threads;
}

it("reads each thread's item once, no query, with the totals listThreads shows", async () => {
  const { saver } = cosmos;
  const prefix = freshPrefix();
  const ids = Array.from({ length: 20 }, (_unused, index) => `${prefix}${index}`);
  for (const [index, threadId] of ids.entries()) await putSteps(saver, threadId, 1 + (index % 3));
  injector.reset();
  const totals = await saver.threadTotals([...ids, ids[0] as string, `${prefix}unknown`]);
  const sent = injector.requests.filter((request) => !request.isQueryPlan);
  expect(sent.map((request) => request.operationType)).toEqual(
    Array.from({ length: ids.length + 1 }, () => "read"),
  );
  expect(injector.requestCount).toBe(ids.length + 1);
  const listed = new Map((await listAll(saver, prefix)).map((thread) => [thread.threadId, thread]));
  expect([...totals.keys()].sort()).toEqual([...ids].sort());
  for (const threadId of ids) expect(totals.get(threadId)).toEqual(listed.get(threadId));
});

it("finds a thread among more threads sharing its id as prefix than two listing pages hold", async () => {
  const { saver } = cosmos;
  const target = `${freshPrefix()}t`;
  await putSteps(saver, target, 3);
  // Written after it: a prefix listing reaches them first.
  const sharing = Array.from({ length: 60 }, (_unused, index) => `${target}${index}`);
  await Promise.all(sharing.map((threadId) => putSteps(saver, threadId, 1)));
  const totals = await saver.threadTotals([target]);
  expect(totals.get(target)?.checkpointCount).toBe(3);
  expect(totals.get(target)?.storedBytes).toBeGreaterThan(0);
});

it("leaves out deleted and unknown threads and sends nothing for no ids", async () => {
  const { saver } = cosmos;
  const prefix = freshPrefix();
  await putSteps(saver, `${prefix}kept`, 1);
  await putSteps(saver, `${prefix}deleted`, 1);
  await saver.deleteThread(`${prefix}deleted`);
  const totals = await saver.threadTotals([`${prefix}kept`, `${prefix}deleted`, `${prefix}no`]);
  expect([...totals.keys()]).toEqual([`${prefix}kept`]);
  injector.reset();
  expect((await saver.threadTotals([])).size).toBe(0);
  expect(injector.requestCount).toBe(0);
});

it("keeps hostile and long ids apart", async () => {
  const { saver } = cosmos;
  const prefix = freshPrefix();
  const long = `${prefix}${"x".repeat(3_000)}`;
  const ids = ["a/b", "a?b#c", "a\\b", "a\u0000b", "'; --", "ü😀", long, `${long}y`].map(
    (id, index) => (index < 6 ? `${prefix}${id}` : id),
  );
  for (const [index, threadId] of ids.entries()) await putSteps(saver, threadId, index + 1);
  const totals = await saver.threadTotals(ids);
  expect(totals.size).toBe(ids.length);
  for (const [index, threadId] of ids.entries()) {
    expect(totals.get(threadId)?.checkpointCount).toBe(index + 1);
  }
});

it("refuses bad input before sending anything", async () => {
  const { saver } = cosmos;
  const inputs: unknown[] = [
    "thread",
    undefined,
    ["ok", 7],
    ["ok", "\ud800"],
    Array.from({ length: MAX_THREAD_TOTALS_IDS + 1 }, (_unused, index) => `t${index}`),
  ];
  for (const input of inputs) {
    injector.reset();
    expect(await errorOf(() => saver.threadTotals(input as string[]))).toBeInstanceOf(
      InvalidConfigError,
    );
    expect(injector.requestCount).toBe(0);
  }
});
