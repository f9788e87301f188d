import { randomUUID } from "node:crypto";
import { BackendUnavailableError } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { MemorySaver } from "@langchain/langgraph-checkpoint";
import { type RunningBrowser, startBrowser, type TimelinePage } from "../src/index.js";
import {
  openPostgresTestSaver,
  openRedisTestSaver,
  type TestSaver,
} from "./support/browser-savers.js";
import { getJson, httpGet } from "./support/http-get.js";

const HOSTILE_CHANNEL = `<img src=x onerror=alert(1)>"'`;
const CHECKPOINTS = 12;

/** A thread of CHECKPOINTS checkpoints, each writing a larger value to a hostile channel. */
async function writeGrowingThread(saver: BaseCheckpointSaver, threadId: string): Promise<void> {
  let parentId: string | undefined;
  for (let step = 0; step < CHECKPOINTS; step += 1) {
    const id = `1f1f0000-0000-6000-8000-${String(step + 1).padStart(12, "0")}`;
    const version = String(step + 1);
    const configurable: Record<string, string> = { thread_id: threadId, checkpoint_ns: "" };
    if (parentId !== undefined) configurable.checkpoint_id = parentId;
    await saver.put(
      { configurable },
      {
        v: 4,
        id,
        ts: "2026-01-01T00:00:00.000Z",
        channel_values: { [HOSTILE_CHANNEL]: "x".repeat(200 * (step + 1)), small: step },
        channel_versions: { [HOSTILE_CHANNEL]: version, small: version },
        versions_seen: {},
      },
      { source: "loop", step, parents: {} } as never,
      { [HOSTILE_CHANNEL]: version, small: version },
    );
    parentId = id;
  }
}

describe.each([
  ["PostgresSaver", openPostgresTestSaver, "thread", "whole thread"],
  ["RedisSaver", openRedisTestSaver, "lastN", "last 10 checkpoints"],
] as const)("the thread page's stored size over %s", (_name, openSaver, scope, scopeText) => {
  let opened: TestSaver;
  let browser: RunningBrowser;
  const threadId = `size-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    opened = await openSaver();
    await writeGrowingThread(opened.saver, threadId);
    browser = await startBrowser({ saver: opened.saver });
  });

  afterAll(async () => {
    await browser?.close();
    await opened?.close();
  });

  it("carries the size, its scope, the largest channels and the growth in the JSON twin", async () => {
    const page = await getJson<TimelinePage>(browser.url, "/api/thread", { thread: threadId });
    expect(page.size).toMatchObject({ available: true, scope, lastN: 10 });
    if (page.size?.available !== true) throw new Error("size missing");
    expect(page.size.checkpointCount).toBe(scope === "thread" ? CHECKPOINTS : 10);
    expect(page.size.largestChannels[0]?.channel).toBe(HOSTILE_CHANNEL);
    // Each checkpoint stores 200 bytes more of the hostile channel than its parent.
    expect(page.size.growthBytes).toBeGreaterThanOrEqual(9 * 200);
    expect(page.size.totalBytes).toBeGreaterThan(page.size.largestChannels[0]!.storedBytes);
  });

  it("shows the size labelled with its scope and the hostile channel name as text", async () => {
    const page = await httpGet(`${browser.url}thread?thread=${encodeURIComponent(threadId)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('class="thread-size"');
    expect(page.body).toContain(`(${scopeText}`);
    expect(page.body).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;");
    expect(page.body).not.toContain("<img");
  });
});

/** A real in-memory saver whose summary fails with a message that must not reach the page. */
class FailingSizeSaver extends MemorySaver {
  async threadSizeSummary(): Promise<never> {
    throw new BackendUnavailableError("redis://:hunter2@cache.internal refused", {
      backend: "redis",
    });
  }
}

describe.each([
  ["a saver without threadSizeSummary", () => new MemorySaver(), null],
  ["a saver whose summary fails", () => new FailingSizeSaver(), "BackendUnavailableError"],
] as const)("the thread page over %s", (_name, makeSaver, failure) => {
  let browser: RunningBrowser;
  const threadId = "plain-thread";

  beforeAll(async () => {
    const saver = makeSaver();
    await writeGrowingThread(saver, threadId);
    browser = await startBrowser({ saver });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("still shows the timeline, with no size or only 'size unavailable' and the error's class", async () => {
    const page = await httpGet(`${browser.url}thread?thread=${threadId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('class="timeline"');
    expect(page.body).not.toContain("hunter2");
    const json = await getJson<TimelinePage>(browser.url, "/api/thread", { thread: threadId });
    expect(json.entries).toHaveLength(CHECKPOINTS);
    if (failure === null) {
      expect(page.body).not.toContain("thread-size");
      expect(json.size).toBeNull();
    } else {
      expect(page.body).toContain(`size unavailable (${failure})`);
      expect(json.size).toEqual({ available: false, errorType: failure });
    }
  });
});
