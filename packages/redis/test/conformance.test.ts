import { describeCheckpointSaver } from "@checkpointkit/conformance";
import { redisHarness } from "./redis-harness.js";
import { newClient } from "./redis-test-saver.js";

describeCheckpointSaver(
  redisHarness("RedisSaver (standalone)", async () => {
    const client = newClient();
    return { client, release: async () => void (await client.quit()) };
  }),
  { ttl: true, prune: true, copyThread: true },
);
