import {
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { CosmosSaver } from "../src/index.js";
import { useCosmosSaver } from "./use-cosmos-saver.js";

const cosmos = useCosmosSaver();

async function seedThread(threadId: string, checkpoints: number): Promise<void> {
  let config = threadConfig(threadId);
  for (let step = 0; step < checkpoints; step += 1) {
    const checkpoint = makeCheckpoint(
      { step, [`note-${step}`]: "x" },
      { step: step + 1, [`note-${step}`]: 1 },
    );
    config = await cosmos.saver.put(
      config,
      checkpoint,
      makeMetadata({ step }),
      checkpoint.channel_versions,
    );
    await cosmos.saver.putWrites(config, [["step", step + 1]], `task-${step}`);
  }
}

async function itemCount(threadId: string): Promise<number> {
  const { resources } = await cosmos.saver.container.items
    .query<number>("SELECT VALUE COUNT(1) FROM c", { partitionKey: threadId })
    .fetchAll();
  return resources[0] ?? 0;
}

describe("CosmosSaver.deleteThread without delete-by-partition-key", () => {
  it("falls back to reading ids page by page and deleting them in batches of 100", async () => {
    // Accounts must opt in to delete by partition key (a preview feature); without it the
    // service refuses the request. Only that refusal is simulated: the fallback's queries and
    // batches run against the server.
    const container = cosmos.saver.container;
    const refusing = new CosmosSaver({ container });
    const refusal = Object.assign(
      new Error("Delete by partition key is not enabled for this account"),
      {
        code: 400,
      },
    );
    jest.spyOn(container, "deleteAllItemsForPartitionKey").mockRejectedValue(refusal);

    const doomed = freshThreadId("doomed");
    const kept = freshThreadId("kept");
    await seedThread(doomed, 40);
    await seedThread(kept, 2);
    expect(await itemCount(doomed)).toBeGreaterThan(150); // more than one batch of 100

    await refusing.deleteThread(doomed);
    expect(await itemCount(doomed)).toBe(0);
    expect(await refusing.getTuple(threadConfig(doomed))).toBeUndefined();
    expect((await refusing.getTuple(threadConfig(kept)))?.checkpoint.channel_values.step).toBe(1);
    jest.restoreAllMocks();
  });
});
