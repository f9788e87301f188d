import { randomUUID } from "node:crypto";
import { cosmos, createCosmosTestClient } from "@checkpointkit/conformance/servers";
import { CosmosSaver } from "@checkpointkit/cosmos";
import { TieredSaver } from "@checkpointkit/tiered";
import { CosmosColdTier } from "@checkpointkit/tiered/cosmos";
import { Redis } from "ioredis";
import type { ThreadIndex, TimelinePage } from "../src/index.js";
import { startBuiltBin } from "./support/built-bin.js";
import { getJson } from "./support/http-get.js";

/**
 * `--tiered-redis` with a Cosmos DB cold tier, from a config file whose key comes from the
 * environment. Run as the built bin: the in-process Cosmos DB server's certificate is
 * self-signed, and only a process of its own may accept that (NODE_TLS_REJECT_UNAUTHORIZED).
 */
describe("checkpointkit-browse over a TieredSaver with a Cosmos DB cold tier", () => {
  const run = randomUUID().slice(0, 8);
  const keyPrefix = `browser-tiered-cosmos-${run}:`;
  const databaseId = "checkpointkit-browser-tests";
  const containerId = `browser-tiered-${run}`;
  let redis: Redis;
  let client: ReturnType<typeof createCosmosTestClient>;
  let endpoint: string;
  let key: string;

  beforeAll(async () => {
    const server = await cosmos();
    endpoint = server.endpoint;
    key = server.key;
    client = createCosmosTestClient(server);
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    redis.on("error", () => {});
    const container = client.database(databaseId).container(containerId);
    const coldSaver = new CosmosSaver({ container });
    await coldSaver.setup({ createIfNotExists: true });
    const writer = new TieredSaver({
      redis,
      keyPrefix,
      cold: new CosmosColdTier({ saver: coldSaver }),
      flusher: { mode: "in-process" },
      durableWhen: () => false,
    });
    await writer.setup();
    await writer.put(
      { configurable: { thread_id: "tiered-cosmos-thread", checkpoint_ns: "" } },
      {
        v: 4,
        id: "1f1f0000-0000-6000-8000-00000000000c",
        ts: "2026-01-01T00:00:00.000Z",
        channel_values: {},
        channel_versions: {},
        versions_seen: {},
      },
      { source: "input", step: -1, parents: {} },
      {},
    );
    await writer.flush();
    await writer.close();
  });

  afterAll(async () => {
    await client
      ?.database(databaseId)
      .container(containerId)
      .delete()
      .catch(() => {});
    client?.dispose();
    redis?.disconnect();
  });

  it("shows the thread in both tiers and the cold backend, without printing the key", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const directory = await mkdtemp(join(tmpdir(), "browse-tiered-cosmos-"));
    const path = join(directory, "browse.json");
    await writeFile(
      path,
      JSON.stringify({
        tiered: {
          redis: { url: { env: "REDIS_URL" } },
          cosmos: { endpoint, key: { env: "BROWSE_COSMOS_KEY" }, databaseId, containerId },
          keyPrefix,
        },
      }),
    );
    const bin = await startBuiltBin(["--config", path], {
      BROWSE_COSMOS_KEY: key,
      // The in-process server's certificate is self-signed (loopback only).
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
    });
    try {
      const page = await getJson<TimelinePage>(bin.url, "/api/thread", {
        thread: "tiered-cosmos-thread",
      });
      expect(page.entries.map((entry) => entry.tiers)).toEqual([["redis", "cosmos"]]);
      expect(page.tierMetrics?.coldBackend).toBe("cosmos");
      const index = await getJson<ThreadIndex>(bin.url, "/api/threads");
      expect(index.threads.map((thread) => thread.threadId)).toEqual(["tiered-cosmos-thread"]);
    } finally {
      expect(await bin.stop()).toBe(0);
      await rm(directory, { recursive: true, force: true });
    }
    expect(bin.output()).not.toContain(key);
  });
});
