import { describeInputContract } from "@checkpointkit/conformance";
import { redisHarness } from "./redis-harness.js";
import { newClient } from "./redis-test-saver.js";

describeInputContract(
  redisHarness("RedisSaver", async () => {
    const client = newClient();
    return { client, release: async () => void (await client.quit()) };
  }),
  { prune: true, copyThread: true },
);
