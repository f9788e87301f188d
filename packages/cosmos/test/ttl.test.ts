import { randomUUID } from "node:crypto";
import {
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
  waitUntil,
} from "@checkpointkit/conformance";
import { InvalidConfigError } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import { CosmosSaver } from "../src/index.js";
import { TEST_DATABASE_ID } from "./cosmos-test-saver.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const TTL_SECONDS = 2;
const cosmos = useCosmosSaver({ saverOptions: { ttlSeconds: TTL_SECONDS } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("CosmosSaver TTL (Cosmos native, per item)", () => {
  it("every item carries the TTL, so the service expires it without a sweep", async () => {
    const threadId = freshThreadId();
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint({ a: 1 }),
      makeMetadata(),
      { a: 1 },
    );
    await cosmos.saver.putWrites(config, [["a", 2]], "task");
    const { resources } = await cosmos.saver.container.items
      .query<{ kind: string; ttl?: number }>("SELECT c.kind, c.ttl FROM c", {
        partitionKey: threadId,
      })
      .fetchAll();
    expect(resources.map((item) => item.kind).sort()).toEqual([
      "checkpoint",
      "head",
      "thread",
      "value",
      "writes",
    ]);
    expect(resources.every((item) => item.ttl === TTL_SECONDS)).toBe(true);
  });

  it("a value that never changes outlives the TTL while the thread keeps being written", async () => {
    const threadId = freshThreadId();
    const first = makeCheckpoint({ profile: "gold customer", turn: 0 });
    let config: RunnableConfig = await cosmos.saver.put(
      threadConfig(threadId),
      first,
      makeMetadata(),
      first.channel_versions,
    );
    // Writes every 700 ms for twice the TTL, each changing only `turn`: `profile` was stored
    // once, by the first put, and survives only because each put re-stamps what it references.
    for (let turn = 1; turn <= 6; turn += 1) {
      // A fixed pause on purpose: this proves `profile` has NOT expired, so time must pass.
      await sleep(700);
      const next = makeCheckpoint(
        { profile: "gold customer", turn },
        { profile: 1, turn: turn + 1 },
      );
      config = await cosmos.saver.put(config, next, makeMetadata({ step: turn }), {
        turn: turn + 1,
      });
    }
    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(latest?.checkpoint.channel_values).toEqual({ profile: "gold customer", turn: 6 });

    // Left alone, the whole thread expires.
    const gone = await waitUntil(
      async () => (await cosmos.saver.getTuple(threadConfig(threadId))) === undefined,
      15_000,
      250,
    );
    expect(gone).toBe(true);
  }, 30_000);

  it("setup() refuses a ttlSeconds the container would silently ignore (TTL off)", async () => {
    const container = cosmos.client.database(TEST_DATABASE_ID).container(`no-ttl-${randomUUID()}`);
    const plain = new CosmosSaver({ container });
    await plain.setup({ createIfNotExists: true });
    // Switch TTL off the way a container created elsewhere would have it.
    const { resource } = await container.read();
    await container.replace({
      ...resource,
      id: container.id,
      partitionKey: resource?.partitionKey,
      defaultTtl: undefined,
    });
    const withTtl = new CosmosSaver({ container, ttlSeconds: 60 });
    const error = await withTtl.setup().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).field).toBe("ttlSeconds");
    await container.delete();
  });
});
