import { describeCheckpointSaver, describeThreadCatalog } from "@checkpointkit/conformance";
import { redisHarness } from "./redis-harness.js";
import { newClient } from "./redis-test-saver.js";

const standalone = () =>
  redisHarness("RedisSaver (standalone)", async () => {
    const client = newClient();
    return { client, release: async () => void (await client.quit()) };
  });

describeCheckpointSaver(standalone(), { ttl: true, prune: true, copyThread: true });

describeThreadCatalog(standalone(), { ttl: true, prune: true, copyThread: true });
