import { InvalidConfigError, MAX_THREAD_TOTALS_IDS, type ThreadListing } from "@checkpointkit/core";
import type { PostgresSaver } from "../src/index.js";
import { putChain } from "./support/fixtures.js";
import { roundTripsOf } from "./support/round-trips.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

/**
 * `threadTotals` looks threads up by id in `thread_summaries`: one statement for any number
 * of ids, the same totals `listThreads` shows, exact whatever other threads share a prefix.
 */
let context: SchemaSaver;

beforeEach(async () => {
  context = await createSchemaSaver();
});

afterEach(async () => {
  await context.dispose();
});

async function listed(saver: PostgresSaver): Promise<Map<string, ThreadListing>> {
  const threads = new Map<string, ThreadListing>();
  let cursor: string | undefined;
  do {
    const page = await saver.listThreads({ limit: 1000, cursor });
    for (const thread of page.threads) threads.set(thread.threadId, thread);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return threads;
}

it("looks up many threads in one statement, with the totals listThreads shows", async () => {
  const { saver } = context;
  const ids = Array.from({ length: 30 }, (_unused, index) => `thread-${index}`);
  for (const [index, threadId] of ids.entries()) await putChain(saver, threadId, 1 + (index % 3));
  await putChain(saver, "thread-0", 2, "sub");
  let totals = new Map<string, ThreadListing>();
  const statements = await roundTripsOf(context, async () => {
    totals = await saver.threadTotals([...ids, "thread-3", "never-written"]);
  });
  expect(statements).toBe(1);
  const all = await listed(saver);
  expect([...totals.keys()].sort()).toEqual([...ids].sort());
  for (const threadId of ids) expect(totals.get(threadId)).toEqual(all.get(threadId));
  expect(totals.get("thread-0")?.checkpointCount).toBe(3);
  expect(totals.get("thread-0")?.storedBytes).toBeGreaterThan(0);
});

it("sends nothing for no ids and leaves unknown and deleted threads out", async () => {
  const { saver } = context;
  await putChain(saver, "kept", 1);
  await putChain(saver, "deleted", 1);
  await saver.deleteThread("deleted");
  expect(await roundTripsOf(context, () => saver.threadTotals([]))).toBe(0);
  const totals = await saver.threadTotals(["kept", "deleted", "unknown"]);
  expect([...totals.keys()]).toEqual(["kept"]);
});

it("finds a thread among many sharing its id as prefix", async () => {
  const { saver } = context;
  await putChain(saver, "a", 2);
  for (let index = 0; index < 40; index++) await putChain(saver, `a${index}`, 1);
  const totals = await saver.threadTotals(["a"]);
  expect(totals.get("a")?.checkpointCount).toBe(2);
});

it("keeps hostile and long ids apart", async () => {
  const { saver } = context;
  const long = "x".repeat(5_000);
  const ids = [
    "a%b",
    "a_b",
    "a\\b",
    "a\u0000b",
    "a\u0001b",
    "a\u0001\u0002",
    "",
    "'; DROP",
    long,
    `${long}y`,
  ];
  for (const [index, threadId] of ids.entries()) await putChain(saver, threadId, index + 1);
  const totals = await saver.threadTotals(ids);
  for (const [index, threadId] of ids.entries()) {
    expect(totals.get(threadId)?.checkpointCount).toBe(index + 1);
    expect(totals.get(threadId)?.threadId).toBe(threadId);
  }
  expect(totals.size).toBe(ids.length);
});

it("refuses bad input before sending anything", async () => {
  const { saver } = context;
  const refused = async (input: unknown) => {
    let error: unknown;
    const statements = await roundTripsOf(context, async () => {
      error = await saver.threadTotals(input as string[]).catch((caught: unknown) => caught);
    });
    expect(statements).toBe(0);
    expect(error).toBeInstanceOf(InvalidConfigError);
  };
  await refused("thread");
  await refused(undefined);
  await refused(["ok", 7]);
  await refused(["ok", "\ud800"]);
  await refused(Array.from({ length: MAX_THREAD_TOTALS_IDS + 1 }, (_unused, index) => `t${index}`));
  expect(
    (await saver.threadTotals(Array.from({ length: MAX_THREAD_TOTALS_IDS }, (_u, i) => `t${i}`)))
      .size,
  ).toBe(0);
});
