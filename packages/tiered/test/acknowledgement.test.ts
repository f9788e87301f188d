import { type OwnedTestServer, startRedisServer } from "@checkpointkit/conformance";
import { Redis } from "ioredis";
import type { TieredSaver } from "../src/index.js";
import { checkpointWith, putChain, threadConfig } from "./support/checkpoints.js";
import { postgresColdTier, type TestColdTier, tieredSaver } from "./support/test-tiers.js";
import { waitUntil } from "./support/wait-until.js";

/** Acknowledgement levels against private Redis servers configured for each case. */
describe("acknowledgement levels", () => {
  let tier: TestColdTier;
  const servers: OwnedTestServer[] = [];
  const clients: Redis[] = [];
  const savers: TieredSaver[] = [];

  async function serverAndClient(options: Parameters<typeof startRedisServer>[0]) {
    const server = await startRedisServer(options);
    servers.push(server);
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return { server, client };
  }

  beforeAll(async () => {
    tier = await postgresColdTier();
  });
  afterAll(async () => {
    for (const saver of savers) await saver.close();
    for (const client of clients) client.disconnect();
    for (const server of servers) await server.stop();
    await tier.drop();
  }, 30_000);

  it("aof with `appendfsync always`: the write survives a SIGKILL of Redis right after put resolves", async () => {
    const { server, client } = await serverAndClient({ appendOnly: true, appendFsync: "always" });
    const saver = await tieredSaver(client, tier.cold, { acknowledgement: "aof", flusher: false });
    savers.push(saver);
    const ids = await putChain(saver, "aof-thread", 3);
    await server.kill();
    await server.restart();
    expect((await saver.hot.getTuple(threadConfig("aof-thread")))?.checkpoint.id).toBe(ids[2]);
  });

  it("aof without fsync on every write (and no WAITAOF before Redis 7.2) is refused, not faked", async () => {
    const { client } = await serverAndClient({ appendOnly: true, appendFsync: "everysec" });
    const version = String(await client.info("server")).match(/redis_version:(\d+)\.(\d+)/);
    const hasWaitAof = version !== null && Number(version[1]) * 100 + Number(version[2]) >= 702;
    const saver = await tieredSaver(client, tier.cold, { acknowledgement: "aof", flusher: false });
    savers.push(saver);
    const { checkpoint, metadata } = checkpointWith({ a: 1 }, 0);
    const put = saver.put(threadConfig("everysec"), checkpoint, metadata, { a: 1 });
    if (hasWaitAof) await expect(put).resolves.toBeDefined();
    else await expect(put).rejects.toMatchObject({ name: "InvalidConfigError" });
  });

  it("replicated: resolves once a replica has the write; asking for more replicas than exist rejects", async () => {
    // No 5 s wait for more replicas before the first full sync.
    const { server: primary, client } = await serverAndClient({
      extraArgs: ["--repl-diskless-sync-delay", "0"],
    });
    const { client: replicaClient } = await serverAndClient({
      extraArgs: ["--replicaof", primary.host, String(primary.port)],
    });
    await waitUntil(
      async () => /master_link_status:up/.test(await replicaClient.info("replication")),
      "the replica is in sync with the primary",
    );
    const saver = await tieredSaver(client, tier.cold, {
      acknowledgement: "replicated",
      flusher: false,
    });
    savers.push(saver);
    const ids = await putChain(saver, "replicated-thread", 2);
    const keys = await replicaClient.keys(`${saver.hot.keyLayout.keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(ids).toHaveLength(2);

    const greedy = await tieredSaver(client, tier.cold, {
      acknowledgement: "replicated",
      replicas: 2,
      persistenceTimeoutMs: 200,
      flusher: false,
    });
    savers.push(greedy);
    const { checkpoint, metadata } = checkpointWith({ a: 1 }, 0);
    await expect(
      greedy.put(threadConfig("greedy"), checkpoint, metadata, { a: 1 }),
    ).rejects.toMatchObject({ name: "BackendUnavailableError" });
  });
});
