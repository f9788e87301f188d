import { PayloadTooLargeError } from "@checkpointkit/core";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { ColdBatch } from "../src/cold-tier.js";
import { type DeadLetterEvent, Flusher, type TieredSaver } from "../src/index.js";
import { listedIds, threadConfig } from "./support/checkpoints.js";
import { usePerTestColdTier } from "./support/per-test-cold-tier.js";
import { type TestColdTier, tieredSaver } from "./support/test-tiers.js";
import { wrapColdTier } from "./support/wrapped-cold-tier.js";

/** Bytes of serialized channel values a cold batch carries, per channel. */
function valueBytes(batch: ColdBatch, channel?: string): number {
  let total = 0;
  for (const record of batch.checkpoints) {
    for (const value of record.channelValues) {
      if (channel === undefined || value.channel === channel)
        total += value.value?.bytes.byteLength ?? 0;
    }
  }
  return total;
}

/**
 * Puts a chain of `count` checkpoints; `values(step)` gives each one's channel values and
 * `changed(step)` the channels whose version moves at that step (its `newVersions`).
 */
async function putSteps(
  saver: TieredSaver,
  threadId: string,
  count: number,
  values: (step: number) => Record<string, unknown>,
  changed: (step: number) => string[],
  afterPut: () => Promise<void> = async () => {},
): Promise<string[]> {
  const ids: string[] = [];
  const versions: Record<string, number> = {};
  let parentId: string | undefined;
  for (let step = 0; step < count; step++) {
    const newVersions: Record<string, number> = {};
    for (const channel of changed(step)) {
      versions[channel] = (versions[channel] ?? 0) + 1;
      newVersions[channel] = versions[channel]!;
    }
    const checkpoint = {
      ...emptyCheckpoint(),
      id: uuid6(-1),
      channel_values: values(step),
      channel_versions: { ...versions },
    };
    await saver.put(
      { configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: parentId } },
      checkpoint,
      { source: "loop", step, parents: {} },
      newVersions,
    );
    parentId = checkpoint.id;
    ids.push(checkpoint.id);
    await afterPut();
  }
  return ids;
}

describe("flush batches", () => {
  const fixture = usePerTestColdTier();

  /** A saver without a flusher, and a flusher over its outbox started on demand. */
  async function writerAndFlusher(
    cold: TestColdTier["cold"],
    flusherOptions: Partial<ConstructorParameters<typeof Flusher>[0]> = {},
  ): Promise<{ saver: TieredSaver; startFlusher: () => Flusher }> {
    const saver = await tieredSaver(fixture.redis, cold, {
      flusher: false,
      durableWhen: () => false,
    });
    fixture.onCleanup(() => saver.close());
    return {
      saver,
      startFlusher() {
        const flusher = new Flusher({
          client: fixture.redis,
          keyLayout: saver.hot.keyLayout,
          cold,
          pollIntervalMs: 10,
          retryBaseDelayMs: 10,
          retryMaxDelayMs: 50,
          ...flusherOptions,
        });
        flusher.start();
        fixture.onCleanup(() => flusher.stop());
        return flusher;
      },
    };
  }

  const BIG = "x".repeat(1024 * 1024);

  it.each([
    ["in one batch", true],
    ["one flush per put", false],
  ])(
    "%s: an unchanged 1 MB channel is shipped once, and reads back whole",
    async (_name, batched) => {
      let bigBytes = 0;
      const counting = wrapColdTier(fixture.tier.cold, (batch) => {
        bigBytes += valueBytes(batch, "big");
      });
      const { saver, startFlusher } = await writerAndFlusher(counting);
      const values = (step: number) => ({ big: BIG, counter: step });
      const changed = (step: number) => (step === 0 ? ["big", "counter"] : ["counter"]);
      let ids: string[];
      if (batched) {
        ids = await putSteps(saver, "unchanged", 20, values, changed);
        startFlusher();
      } else {
        startFlusher();
        ids = await putSteps(saver, "unchanged", 20, values, changed, () =>
          saver.flush(undefined, { timeoutMs: 30_000 }),
        );
      }
      await saver.flush(undefined, { timeoutMs: 30_000 });
      expect(bigBytes).toBeLessThan(BIG.length * 2);
      const latest = await saver.cold.getTuple(threadConfig("unchanged"));
      expect(latest?.checkpoint.id).toBe(ids.at(-1));
      expect(latest?.checkpoint.channel_values).toEqual({ big: BIG, counter: 19 });
      const first = await saver.cold.getTuple({
        configurable: { thread_id: "unchanged", checkpoint_ns: "", checkpoint_id: ids[0] },
      });
      expect(first?.checkpoint.channel_values).toEqual({ big: BIG, counter: 0 });
    },
    60_000,
  );

  const VALUE_100K = "v".repeat(100_000);
  const newValue = (step: number) => ({ payload: `${step}${VALUE_100K}` });
  const payloadChanges = () => ["payload"];

  it("a flush splits its records into batches of at most maxBatchBytes", async () => {
    const batches: ColdBatch[] = [];
    const recording = wrapColdTier(fixture.tier.cold, (batch) => void batches.push(batch));
    const { saver, startFlusher } = await writerAndFlusher(recording, { maxBatchBytes: 300_000 });
    const ids = await putSteps(saver, "bounded", 10, newValue, payloadChanges);
    const flusher = startFlusher();
    await saver.flush(undefined, { timeoutMs: 30_000 });
    await flusher.stop();
    expect(await listedIds(saver.cold, "bounded")).toEqual([...ids].reverse());
    expect(batches.length).toBeGreaterThanOrEqual(4);
    for (const batch of batches) expect(valueBytes(batch)).toBeLessThanOrEqual(300_000);
  }, 60_000);

  it("a batch the cold tier refuses as too large is split; a record too large alone is dead-lettered at once", async () => {
    const limitBytes = 250_000;
    const limited = wrapColdTier(fixture.tier.cold, (batch) => {
      const sizeBytes = valueBytes(batch);
      if (sizeBytes > limitBytes) {
        throw new PayloadTooLargeError("request too large", { sizeBytes, limitBytes });
      }
    });
    const { saver, startFlusher } = await writerAndFlusher(limited);
    const threads = ["fits-1", "fits-2", "fits-3"];
    const ids = new Map<string, string[]>();
    for (const threadId of threads) {
      ids.set(threadId, await putSteps(saver, threadId, 2, newValue, payloadChanges));
    }
    await putSteps(saver, "huge", 1, () => ({ payload: "h".repeat(400_000) }), payloadChanges);
    const deadLetters: DeadLetterEvent[] = [];
    const flusher = startFlusher();
    flusher.on("deadLetter", (event) => deadLetters.push(event));
    await saver.flush(undefined, { timeoutMs: 30_000 });
    for (const threadId of threads) {
      expect(await listedIds(saver.cold, threadId)).toEqual([...ids.get(threadId)!].reverse());
    }
    expect(await listedIds(saver.cold, "huge")).toEqual([]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ threadId: "huge", attempts: 1 });
    expect(PayloadTooLargeError.isInstance(deadLetters[0]!.error)).toBe(true);
  }, 60_000);
});
