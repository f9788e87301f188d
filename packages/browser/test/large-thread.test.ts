import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  BaseCheckpointSaver,
  CheckpointListOptions,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";
import { type RunningBrowser, startBrowser, type TimelinePage } from "../src/index.js";
import { openRedisTestSaver, type TestSaver } from "./support/browser-savers.js";
import { getJson } from "./support/http-get.js";

const CHECKPOINTS = 400;

/** Counts what the browser asks of a real saver: tuples `list` yielded, `getTuple` calls. */
function counted(saver: BaseCheckpointSaver) {
  const counts = { listedTuples: 0, getTupleCalls: 0 };
  const wrapper = new Proxy(saver, {
    get(target, property, receiver) {
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
});
