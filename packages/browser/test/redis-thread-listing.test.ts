import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { type RunningBrowser, startBrowser, type ThreadCatalogPage } from "../src/index.js";
import { openRedisTestSaver, type TestSaver } from "./support/browser-savers.js";
import { getJson, httpGet } from "./support/http-get.js";

const LONG_THREAD_CHECKPOINTS = 6000;
/** Puts in flight at once while filling the long thread (each names its parent by id). */
const CONCURRENT_PUTS = 200;

const checkpointId = (index: number) =>
  `1f1f0000-0000-6000-8000-${index.toString().padStart(12, "0")}`;

/** `count` checkpoints in a chain, each storing a new value of one channel. */
async function writeThread(
  saver: BaseCheckpointSaver,
  threadId: string,
  count: number,
): Promise<void> {
  for (let start = 0; start < count; start += CONCURRENT_PUTS) {
    const puts = [];
    for (let index = start; index < Math.min(count, start + CONCURRENT_PUTS); index += 1) {
      const configurable: Record<string, string> = { thread_id: threadId, checkpoint_ns: "" };
      if (index > 0) configurable.checkpoint_id = checkpointId(index - 1);
      const version = String(index + 1);
      puts.push(
        saver.put(
          { configurable },
          {
            v: 4,
            id: checkpointId(index),
            ts: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, index)).toISOString(),
            channel_values: { counter: index },
            channel_versions: { counter: version },
            versions_seen: {},
          },
          { source: "loop", step: index, parents: {} },
          { counter: version },
        ),
      );
    }
    await Promise.all(puts);
  }
}

/**
 * On Redis the global `list` yields a thread's whole history before the next thread, so a
 * recently written thread longer than the scan (5000 checkpoints) used to hide every other
 * thread. With the saver's `listThreads` the list is the saver's thread catalog.
 */
describe("the thread list over Redis with a 6,000-checkpoint thread", () => {
  let opened: TestSaver;
  let browser: RunningBrowser;
  const quietThreads = ["quiet-a", "quiet-b", "quiet-c"];

  beforeAll(async () => {
    opened = await openRedisTestSaver();
    // Written first: the long thread is the most recently active one.
    for (const [index, threadId] of quietThreads.entries()) {
      await writeThread(opened.saver, threadId, index + 1);
    }
    await writeThread(opened.saver, "long-thread", LONG_THREAD_CHECKPOINTS);
    browser = await startBrowser({ saver: opened.saver });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await opened?.close();
  });

  it("lists all four threads, newest first, with their exact checkpoint counts and sizes", async () => {
    const page = await getJson<ThreadCatalogPage>(browser.url, "/api/threads");
    expect(page.threads.map((thread) => [thread.threadId, thread.checkpointCount])).toEqual([
      ["long-thread", LONG_THREAD_CHECKPOINTS],
      ["quiet-c", 3],
      ["quiet-b", 2],
      ["quiet-a", 1],
    ]);
    expect(page.source).toBe("listThreads");
    expect(page.nextCursor).toBeNull();
    for (const thread of page.threads) expect(thread.storedBytes).toBeGreaterThan(0);
    // Every checkpoint stores one small counter: the long thread's size is the largest.
    expect(page.threads[0]!.storedBytes).toBeGreaterThan(1000 * page.threads[3]!.storedBytes);

    const html = await httpGet(browser.url);
    expect(html.body).toContain(`<td class="count">${LONG_THREAD_CHECKPOINTS}</td>`);
    expect(html.body).not.toContain("≥");
    for (const threadId of quietThreads) expect(html.body).toContain(`>${threadId}</a>`);
  });

  it("pages past the long thread with the cursor, and finds a quiet thread by prefix", async () => {
    const first = await getJson<ThreadCatalogPage>(browser.url, "/api/threads", { limit: "1" });
    expect(first.threads.map((thread) => thread.threadId)).toEqual(["long-thread"]);
    const rest = await getJson<ThreadCatalogPage>(browser.url, "/api/threads", {
      limit: "3",
      cursor: first.nextCursor!,
    });
    expect(rest.threads.map((thread) => thread.threadId)).toEqual([
      "quiet-c",
      "quiet-b",
      "quiet-a",
    ]);
    const byPrefix = await getJson<ThreadCatalogPage>(browser.url, "/api/threads", {
      q: "quiet-b",
    });
    expect(byPrefix.threads.map((thread) => [thread.threadId, thread.checkpointCount])).toEqual([
      ["quiet-b", 2],
    ]);
  });
});
