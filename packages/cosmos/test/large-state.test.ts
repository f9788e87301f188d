import { createHash, randomBytes } from "node:crypto";
import {
  collect,
  createCosmosFaultInjector,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  threadConfig,
} from "@checkpointkit/conformance";
import { useCosmosSaver } from "./use-cosmos-saver.js";

/**
 * The test server refuses items and batch bodies over 2 MB with 413, as the service does, so
 * these round trips pass only if the saver splits what does not fit.
 */
const injector = createCosmosFaultInjector();
const cosmos = useCosmosSaver({ injector });

/**
 * Channel → type and SHA-256 of the value. Deep-comparing 10 MB with toEqual blocks the
 * event loop for many seconds; digests compare the same bytes in milliseconds.
 */
function fingerprint(values: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [channel, value] of Object.entries(values ?? {})) {
    const bytes =
      value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(JSON.stringify(value), "utf8");
    const kind = value instanceof Uint8Array ? "bytes" : typeof value;
    result[channel] = `${kind}:${createHash("sha256").update(bytes).digest("hex")}`;
  }
  return result;
}

/** A 10 MB state: one 4 MB binary channel, a 3 MB string, ten 300 KB channels, small ones. */
function largeState(): Record<string, unknown> {
  const state: Record<string, unknown> = {
    attachment: new Uint8Array(randomBytes(4_000_000)),
    transcript: randomBytes(1_500_000).toString("hex"),
    step: 7,
    messages: [{ role: "user", content: "refund case_8842" }],
  };
  for (let index = 0; index < 10; index += 1) {
    state[`document-${index}`] = randomBytes(150_000).toString("hex");
  }
  return state;
}

describe("CosmosSaver with a 10 MB state", () => {
  it("round-trips through put, getTuple, list and a child checkpoint that changes one channel", async () => {
    const threadId = freshThreadId();
    const state = largeState();
    const first = makeCheckpoint(state);
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      first,
      makeMetadata(),
      first.channel_versions,
    );

    const latest = await cosmos.saver.getTuple(threadConfig(threadId));
    expect(fingerprint(latest?.checkpoint.channel_values)).toEqual(fingerprint(state));

    // Only `step` changes: the child's put writes one small value, the rest is shared.
    injector.reset();
    const childValues = { ...state, step: 8 };
    const child = makeCheckpoint(childValues, { ...first.channel_versions, step: 2 });
    await cosmos.saver.put(config, child, makeMetadata({ step: 8 }), { step: 2 });
    expect(injector.countRequests({ isQueryPlan: false })).toBe(1);

    const listed = await collect(cosmos.saver.list(threadConfig(threadId)));
    expect(listed.map((tuple) => tuple.checkpoint.id)).toEqual([child.id, first.id]);
    expect(fingerprint(listed[0]?.checkpoint.channel_values)).toEqual(fingerprint(childValues));
    expect(fingerprint(listed[1]?.checkpoint.channel_values)).toEqual(fingerprint(state));
  });

  it("round-trips 10 MB of pending writes from one task", async () => {
    const threadId = freshThreadId();
    const config = await cosmos.saver.put(
      threadConfig(threadId),
      makeCheckpoint(),
      makeMetadata(),
      {},
    );
    const big = randomBytes(3_000_000).toString("base64");
    const writes: [string, unknown][] = [
      ["attachment", new Uint8Array(randomBytes(3_000_000))],
      ["transcript", big],
      ...Array.from({ length: 20 }, (_, index): [string, unknown] => [
        `part-${index}`,
        randomBytes(100_000).toString("hex"),
      ]),
    ];
    await cosmos.saver.putWrites(config, writes, "big-task");
    const tuple = await cosmos.saver.getTuple(config);
    const stored = Object.fromEntries(
      tuple?.pendingWrites?.map(([, channel, value]) => [channel, value]) ?? [],
    );
    expect(tuple?.pendingWrites).toHaveLength(writes.length);
    expect(fingerprint(stored)).toEqual(fingerprint(Object.fromEntries(writes)));
  });

  it("stores 1.5 MB metadata values and filters on them after reading", async () => {
    const threadId = freshThreadId();
    const summary = randomBytes(750_000).toString("hex");
    const checkpoint = makeCheckpoint({ step: 1 });
    await cosmos.saver.put(
      threadConfig(threadId),
      checkpoint,
      makeMetadata({ summary, source: "input" }),
      {
        step: 1,
      },
    );
    const matching = await collect(
      cosmos.saver.list(threadConfig(threadId), { filter: { summary } }),
    );
    expect(matching.map((tuple) => tuple.checkpoint.id)).toEqual([checkpoint.id]);
    expect(
      (matching[0]?.metadata as Record<string, unknown> | undefined)?.summary === summary,
    ).toBe(true);
    const other = await collect(
      cosmos.saver.list(threadConfig(threadId), { filter: { summary: "short" } }),
    );
    expect(other).toEqual([]);
  });
});
