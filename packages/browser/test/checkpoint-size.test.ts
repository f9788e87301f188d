import { BackendUnavailableError } from "@checkpointkit/core";
import { type BaseCheckpointSaver, MemorySaver } from "@langchain/langgraph-checkpoint";
import { type CheckpointDetail, type RunningBrowser, startBrowser } from "../src/index.js";
import { CatalogMemorySaver } from "./support/catalog-memory-saver.js";
import { getJson, httpGet } from "./support/http-get.js";

const HOSTILE_CHANNEL = `<img src=x onerror=alert(1)>"'`;
const THREAD = "size-thread";
const CHECKPOINT_ID = "1f1f0000-0000-6000-8000-000000000001";

/** One checkpoint storing a 3 kB value under a hostile channel name and a small one. */
async function writeCheckpoint(saver: BaseCheckpointSaver): Promise<void> {
  await saver.put(
    { configurable: { thread_id: THREAD, checkpoint_ns: "" } },
    {
      v: 4,
      id: CHECKPOINT_ID,
      ts: "2026-01-01T00:00:00.000Z",
      channel_values: { [HOSTILE_CHANNEL]: "x".repeat(3000), small: 1 },
      channel_versions: { [HOSTILE_CHANNEL]: "1", small: "1" },
      versions_seen: {},
    },
    { source: "loop", step: 0, parents: {} },
    { [HOSTILE_CHANNEL]: "1", small: "1" },
  );
}

/** getCheckpointSize answers undefined: a checkpoint written before sizes were recorded. */
class LegacySizeSaver extends MemorySaver {
  async getCheckpointSize(): Promise<undefined> {
    return undefined;
  }
}

/** A real in-memory saver whose size read fails with a message that must not reach the page. */
class FailingSizeSaver extends MemorySaver {
  async getCheckpointSize(): Promise<never> {
    throw new BackendUnavailableError("redis://:hunter2@cache.internal refused", {
      backend: "redis",
    });
  }
}

describe.each([
  ["a saver that recorded the size", () => new CatalogMemorySaver(), "recorded"],
  ["a saver without a record of it", () => new LegacySizeSaver(), "not recorded"],
  ["a saver whose size read fails", () => new FailingSizeSaver(), "unavailable"],
  ["a saver without getCheckpointSize", () => new MemorySaver(), null],
] as const)("the checkpoint page's stored size over %s", (_name, makeSaver, state) => {
  let saver: MemorySaver;
  let browser: RunningBrowser;
  const detailQuery = { thread: THREAD, ns: "", id: CHECKPOINT_ID };
  const pageUrl = () => `${browser.url}checkpoint?${new URLSearchParams(detailQuery)}`;

  beforeAll(async () => {
    saver = makeSaver();
    await writeCheckpoint(saver);
    browser = await startBrowser({ saver });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("carries what the saver said in the JSON twin", async () => {
    const detail = await getJson<CheckpointDetail>(browser.url, "/api/checkpoint", detailQuery);
    expect(detail.channels.map((channel) => channel.channel)).toEqual([HOSTILE_CHANNEL, "small"]);
    if (state === null) {
      expect(detail.storedSize).toBeNull();
    } else if (state === "recorded") {
      const record = (saver as CatalogMemorySaver).sizeRecords.values().next().value;
      expect(detail.storedSize).toEqual({ state: "recorded", ...record });
      expect(detail.storedSize).toMatchObject({
        checkpointId: CHECKPOINT_ID,
        channels: expect.arrayContaining([
          expect.objectContaining({ channel: HOSTILE_CHANNEL, bytes: expect.any(Number) }),
        ]),
      });
    } else if (state === "not recorded") {
      expect(detail.storedSize).toEqual({ state: "not recorded" });
    } else {
      expect(detail.storedSize).toEqual({
        state: "unavailable",
        errorType: "BackendUnavailableError",
      });
    }
  });

  it("shows per-channel sizes before and after compression, the overhead and the total, escaped", async () => {
    const page = await httpGet(pageUrl());
    expect(page.status).toBe(200);
    expect(page.body).toContain('class="diff"');
    expect(page.body).not.toContain("<img");
    expect(page.body).not.toContain("hunter2");
    if (state === null) {
      expect(page.body).not.toContain("Stored size");
      return;
    }
    if (state === "not recorded") {
      expect(page.body).toContain("not recorded (written before the saver recorded sizes)");
      return;
    }
    if (state === "unavailable") {
      expect(page.body).toContain("size unavailable (BackendUnavailableError)");
      return;
    }
    const record = (saver as CatalogMemorySaver).sizeRecords.values().next().value!;
    const hostile = record.channels.find((channel) => channel.channel === HOSTILE_CHANNEL)!;
    const table = page.body.slice(page.body.indexOf('<table class="checkpoint-size">'));
    // The largest channel first, by its escaped name, with both byte counts as titles.
    expect(table).toContain(
      `<tr data-channel="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"><td><b>&lt;img src=x onerror=alert(1)&gt;&quot;&#39;</b></td><td><span class="bytes" title="${hostile.bytes.toLocaleString("en-US")} bytes">3.0 kB</span>`,
    );
    expect(table.indexOf("&lt;img")).toBeLessThan(table.indexOf('data-channel="small"'));
    expect(table).toContain(
      `<tr class="overhead"><td>checkpoint + metadata records</td><td></td><td><span class="bytes" title="${record.overheadBytes.toLocaleString("en-US")} bytes">`,
    );
    expect(table).toContain(
      `<tr class="total"><td><b>total</b></td><td></td><td><b><span class="bytes" title="${record.storedBytes.toLocaleString("en-US")} bytes">`,
    );
  });
});
