import { join } from "node:path";
import {
  describeOptimisticConcurrency,
  describeThreadLeases,
  forkLeaseWorker,
  type SaverHarness,
  type WriteFenceSpecOptions,
} from "@checkpointkit/conformance";
import { LEASE_TOKEN_KEY, type WriteFenceOptions } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { PostgresSaver } from "../src/index.js";
import { makeCheckpoint, threadConfig } from "./support/fixtures.js";
import { createPooledSaver, destroyPooledSaver } from "./support/pooled-schema-savers.js";
import { createSchemaSaver, postgresUrl } from "./support/test-database.js";

function create(fence: WriteFenceOptions = {}): Promise<PostgresSaver> {
  return createPooledSaver("ck_lease", fence);
}

const harness: SaverHarness<PostgresSaver> = {
  name: "PostgresSaver",
  create: () => create(),
  destroy: destroyPooledSaver,
};

const fenceOptions: WriteFenceSpecOptions<PostgresSaver> = {
  createWithFence: create,
  forkWorker: (saver) =>
    forkLeaseWorker(join(__dirname, "workers", "lease-worker.ts"), {
      url: postgresUrl(),
      schema: saver.schema.name,
    }),
};

describeThreadLeases(harness, fenceOptions);
describeOptimisticConcurrency(harness, fenceOptions);

const METADATA = { source: "loop", step: 0, parents: {} } as const;

describe("PostgresSaver write fence", () => {
  it("a fenced put and putWrites are still one statement each", async () => {
    const context = await createSchemaSaver({ concurrency: "optimistic", requireLease: true });
    try {
      const { saver } = context;
      const lease = await saver.acquireThreadLease("rt", { ttlMs: 60_000 });
      const leased = (config: RunnableConfig): RunnableConfig => ({
        configurable: { ...config.configurable, [LEASE_TOKEN_KEY]: lease.token },
      });
      const before = context.queryCount();
      const stored = await saver.put(
        leased(threadConfig("rt")),
        makeCheckpoint({ n: 1 }),
        METADATA,
        {
          n: 1,
        },
      );
      expect(context.queryCount() - before).toBe(1);
      await saver.putWrites(leased(stored), [["n", 2]], "t");
      expect(context.queryCount() - before).toBe(2);
    } finally {
      await context.dispose();
    }
  });

  it("deleteThread lets the thread start afresh under optimistic concurrency", async () => {
    const context = await createSchemaSaver({ concurrency: "optimistic" });
    try {
      const { saver } = context;
      await saver.put(threadConfig("again"), makeCheckpoint({ n: 1 }), METADATA, { n: 1 });
      await saver.deleteThread("again");
      const restart = makeCheckpoint({ n: 1 });
      const stored = await saver.put(threadConfig("again"), restart, METADATA, { n: 1 });
      expect(stored.configurable?.checkpoint_id).toBe(restart.id);
    } finally {
      await context.dispose();
    }
  });
});
