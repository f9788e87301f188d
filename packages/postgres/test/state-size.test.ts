import { describeStateSizeLimits, type SaverHarness } from "@checkpointkit/conformance";
import type { StateSizeOptions } from "@checkpointkit/core";
import type { PostgresSaver } from "../src/index.js";
import { makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createPooledSaver, destroyPooledSaver } from "./support/pooled-schema-savers.js";
import { createSchemaSaver } from "./support/test-database.js";

function create(sizeOptions: StateSizeOptions = {}): Promise<PostgresSaver> {
  return createPooledSaver("ck_size", sizeOptions);
}

const harness: SaverHarness<PostgresSaver> = {
  name: "PostgresSaver",
  create: () => create(),
  destroy: destroyPooledSaver,
};

describeStateSizeLimits(harness, { createWithStateSize: create });

describe("PostgresSaver state size", () => {
  it("a refused put sends no statement, and the summary is one statement", async () => {
    const context = await createSchemaSaver({ maxCheckpointBytes: 1_024 });
    try {
      const { saver } = context;
      const before = context.queryCount();
      await expect(
        saver.put(threadConfig("big"), makeCheckpoint({ v: "x".repeat(2_048) }), METADATA, {
          v: 1,
        }),
      ).rejects.toThrow(/maxCheckpointBytes 1024/);
      expect(context.queryCount() - before).toBe(0);
      await saver.threadSizeSummary("big");
      expect(context.queryCount() - before).toBe(1);
    } finally {
      await context.dispose();
    }
  });
});

const METADATA = { source: "loop", step: 0, parents: {} } as const;
