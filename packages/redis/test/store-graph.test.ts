import { describeStoreInGraph } from "@checkpointkit/conformance";
import { END, START, StateGraph } from "@langchain/langgraph";
import type { Redis } from "ioredis";
import { RedisSaver } from "../src/index.js";
import { RedisStore } from "../src/store/index.js";
import { freshKeyPrefix, newClient } from "./redis-test-saver.js";

let client: Redis;

beforeAll(() => {
  client = newClient();
});

afterAll(async () => {
  await client.quit();
});

// One key prefix holds both: checkpoints and memories side by side.
describeStoreInGraph({
  name: "RedisSaver + RedisStore (one key prefix)",
  langGraph: { StateGraph, START, END },
  async create(index) {
    const keyPrefix = freshKeyPrefix("graph");
    return {
      checkpointer: new RedisSaver({ client, keyPrefix }),
      store: new RedisStore({ client, keyPrefix, index }),
    };
  },
});
