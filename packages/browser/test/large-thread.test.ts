import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  CheckpointListOptions,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";
import {
  type RunningBrowser,
  startBrowser,
  type ThreadIndex,
  type TimelinePage,
} from "../src/index.js";
import { openRedisTestSaver, type TestSaver } from "./support/browser-savers.js";
import { getJson, httpGet } from "./support/http-get.js";

const CHECKPOINTS = 400;

/**
 * Counts what the browser asks of a real saver: tuples `list` yielded, `getTuple` calls. It
 * hides `listThreads`, so the thread list here is the capped scan savers without it get.
 */
function counted(saver: BaseCheckpointSaver) {
  const counts = { listedTuples: 0, getTupleCalls: 0 };
  const wrapper = new Proxy(saver, {
    get(target, property, receiver) {
      // As a saver without `listThreads` (LangGraph's own savers): the thread list scans.
      if (property === "listThreads") return undefined;
      if (property === "list") {
        return async function* list(config: RunnableConfig, options?: CheckpointListOptions) {
          for await (const tuple of target.list(config, options)) {
            counts.listedTuples += 1;
            yield tuple;
          }
        };
      }
      if (property === "getTuple") {
        return (config: RunnableConfig): Promise<CheckpointTuple | undefined> => {
          counts.getTupleCalls += 1;
          return target.getTuple(config);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { saver: wrapper, counts };
}

describe("a thread of many checkpoints", () => {
  let opened: TestSaver;
  let browser: RunningBrowser;
  let counts: { listedTuples: number; getTupleCalls: number };
  const ids: string[] = [];

  beforeAll(async () => {
    opened = await openRedisTestSaver();
    // Written first, so Redis's global listing (most recently active thread first) reaches
    // it only after the whole of long-thread.
    await opened.saver.put(
      { configurable: { thread_id: "quiet-thread", checkpoint_ns: "" } },
      {
        v: 4,
        id: "1f1e0000-0000-6000-8000-000000000001",
        ts: "2025-12-31T00:00:00.000Z",
        channel_values: {},
        channel_versions: {},
        versions_seen: {},
      },
      { source: "input", step: -1, parents: {} },
      {},
    );
    let parent: RunnableConfig = { configurable: { thread_id: "long-thread", checkpoint_ns: "" } };
    for (let index = 0; index < CHECKPOINTS; index += 1) {
      const id = `1f1f0000-0000-6000-8000-${index.toString().padStart(12, "0")}`;
      ids.unshift(id);
      parent = await opened.saver.put(
        parent,
        {
          v: 4,
          id,
          ts: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
          channel_values: { counter: index },
          channel_versions: { counter: String(index + 1) },
          versions_seen: { tick: { counter: String(index) } },
        },
        { source: "loop", step: index, parents: {} },
        { counter: String(index + 1) },
      );
    }
    const wrapped = counted(opened.saver);
    counts = wrapped.counts;
    browser = await startBrowser({ saver: wrapped.saver });
  });

  afterAll(async () => {
    await browser?.close();
    await opened?.close();
  });

  it("reads one page and its boundary parent, never the whole history", async () => {
    counts.listedTuples = 0;
    counts.getTupleCalls = 0;
    const newest = await getJson<TimelinePage>(browser.url, "/api/thread", {
      thread: "long-thread",
    });
    expect(newest.entries.map((entry) => entry.checkpointId)).toEqual(ids.slice(0, 50));
    // 50 rows plus the one that says an older page exists; one getTuple for row 50's parent.
    expect(counts).toEqual({ listedTuples: 51, getTupleCalls: 1 });
    expect(newest.entries[49]?.writers).toEqual(["tick"]);

    counts.listedTuples = 0;
    counts.getTupleCalls = 0;
    const deep = await getJson<TimelinePage>(browser.url, "/api/thread", {
      thread: "long-thread",
      before: ids[300]!,
    });
    expect(deep.entries.map((entry) => entry.checkpointId)).toEqual(ids.slice(301, 351));
    expect(counts).toEqual({ listedTuples: 51, getTupleCalls: 1 });
  });

  it('counts a thread\'s checkpoints only when asked, and says "≥" where it stopped', async () => {
    const newest = await getJson<TimelinePage>(browser.url, "/api/thread", {
      thread: "long-thread",
    });
    expect(newest.checkpointCount).toEqual({ count: 50, exact: false, countedAll: false });
    const page = await httpGet(`${browser.url}thread?thread=long-thread`);
    expect(page.body).toContain("≥ 50 checkpoints");
    expect(page.body).toContain('href="/thread?thread=long-thread&amp;count=1"');

    counts.listedTuples = 0;
    const counted = await getJson<TimelinePage>(browser.url, "/api/thread", {
      thread: "long-thread",
      count: "1",
    });
    expect(counted.checkpointCount).toEqual({ count: CHECKPOINTS, exact: true, countedAll: true });
    // The page's 51, then the whole thread once.
    expect(counts.listedTuples).toBe(51 + CHECKPOINTS);
    expect((await httpGet(`${browser.url}thread?thread=long-thread&count=1`)).body).toContain(
      `<p class="checkpoint-count">${CHECKPOINTS} checkpoints</p>`,
    );

    const bounded = await startBrowser({ saver: opened.saver, maxCountedCheckpoints: 100 });
    try {
      const capped = await getJson<TimelinePage>(bounded.url, "/api/thread", {
        thread: "long-thread",
        count: "1",
      });
      expect(capped.checkpointCount).toEqual({ count: 100, exact: false, countedAll: true });
      const short = await getJson<TimelinePage>(bounded.url, "/api/thread", {
        thread: "quiet-thread",
      });
      expect(short.checkpointCount).toEqual({ count: 1, exact: true, countedAll: false });
    } finally {
      await bounded.close();
    }
  });

  it("never shows a capped scan's count as exact, and finds a thread the scan did not reach by its id", async () => {
    const whole = await getJson<ThreadIndex>(browser.url, "/api/threads");
    expect(whole.complete).toBe(true);
    expect(
      whole.threads.map((thread) => [thread.threadId, thread.checkpointsSeen, thread.countIsExact]),
    ).toEqual([
      ["long-thread", CHECKPOINTS, true],
      ["quiet-thread", 1, true],
    ]);

    const capped = await startBrowser({
      saver: counted(opened.saver).saver,
      maxScannedCheckpoints: 100,
    });
    try {
      const index = await getJson<ThreadIndex>(capped.url, "/api/threads");
      expect(index.complete).toBe(false);
      // Redis lists long-thread's whole history first: the scan ends inside it.
      expect(
        index.threads.map((thread) => [
          thread.threadId,
          thread.checkpointsSeen,
          thread.countIsExact,
        ]),
      ).toEqual([["long-thread", 100, false]]);
      expect((await httpGet(capped.url)).body).toContain('<td class="count">≥ 100</td>');
      const found = await getJson<ThreadIndex>(capped.url, "/api/threads", { q: "quiet-thread" });
      expect(found.threads.map((thread) => thread.threadId)).toEqual(["quiet-thread"]);
      expect(found.threads[0]?.countIsExact).toBe(false);
    } finally {
      await capped.close();
    }
  });
});
