import { describeStore } from "@checkpointkit/conformance";
import { newClient } from "./redis-test-saver.js";
import { redisStoreHarness } from "./store-harness.js";

describeStore(
  redisStoreHarness("RedisStore (redis-server)", async () => {
    const client = newClient();
    return { client, release: async () => void (await client.quit()) };
  }),
  { ttl: true },
);
