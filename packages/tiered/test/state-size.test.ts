import { describeStateSizeLimits, type SaverHarness } from "@checkpointkit/conformance";
import type { TieredSaver } from "../src/index.js";
import {
  createOpenedSaver,
  destroyOpenedSaver,
  openedResources,
} from "./support/opened-tiered-savers.js";

const harness: SaverHarness<TieredSaver> = {
  name: "TieredSaver",
  create: () => createOpenedSaver(),
  destroy: destroyOpenedSaver,
};

describeStateSizeLimits(harness, {
  createWithStateSize: createOpenedSaver,
  // The hot tier compresses as the Redis saver does; its records measure the stored frames.
  createCompressing: (options) =>
    createOpenedSaver({ ...options, compression: { algorithm: "gzip" } }),
});

describe("TieredSaver size summary", () => {
  it("falls back to the cold tier's summary when Redis holds nothing of the thread", async () => {
    const saver = await createOpenedSaver();
    try {
      const config = await saver.put(
        { configurable: { thread_id: "cold-only", checkpoint_ns: "" } },
        {
          v: 4,
          id: "00000000-0000-6000-8000-000000000001",
          ts: new Date().toISOString(),
          channel_values: { notes: "n".repeat(2_000) },
          channel_versions: { notes: 1 },
          versions_seen: {},
        },
        { source: "loop", step: 0, parents: {} },
        { notes: 1 },
      );
      await saver.flush("cold-only");
      expect((await saver.threadSizeSummary("cold-only")).scope).toBe("lastN");
      // As if the flushed hot keys expired (deleteThread would also delete the cold copy).
      const { redis } = openedResources(saver);
      await redis.del(...Object.values(saver.hot.keyLayout.threadKeys("cold-only")));
      const summary = await saver.threadSizeSummary("cold-only");
      expect(summary.scope).toBe("thread");
      expect(summary.recentCheckpoints[0]?.checkpointId).toBe(config.configurable?.checkpoint_id);
      expect(summary.largestChannels[0]?.channel).toBe("notes");
    } finally {
      await destroyOpenedSaver(saver);
    }
  });
});
