import type { StateSizeReader, StoredCheckpointSize } from "@checkpointkit/core";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver, ChannelVersions } from "@langchain/langgraph-checkpoint";
import {
  checkpointConfig,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  newCheckpointId,
  SPEC_TIMEOUT_MS,
  threadConfig,
} from "../fixtures.js";

type RecordingSaver = BaseCheckpointSaver & StateSizeReader;

/**
 * What a stored value may take beyond the serde's bytes when it is not compressed: a saver's
 * frame (type tag, encoding, lengths) around it.
 */
const FRAMING_ALLOWANCE_BYTES = 64;
/** A value far above core's default compression threshold (16 kB) that compresses well. */
const REPETITIVE_VALUE = "checkpointkit ".repeat(10_000);

async function putVersions(
  saver: BaseCheckpointSaver,
  parent: RunnableConfig,
  values: Record<string, unknown>,
  versions: ChannelVersions,
  newVersions: ChannelVersions,
): Promise<RunnableConfig> {
  return saver.put(parent, makeCheckpoint(values, versions), makeMetadata(), newVersions);
}

async function recordOf(saver: StateSizeReader, config: RunnableConfig) {
  const size = await saver.getCheckpointSize(config);
  if (size === undefined) {
    throw new Error(`no size record for ${config.configurable?.checkpoint_id} just written`);
  }
  return size;
}

/** A first put of `values` on a fresh thread (every channel new), and its record. */
async function recordOfFirstPut(
  saver: RecordingSaver,
  values: Record<string, unknown>,
): Promise<StoredCheckpointSize & { threadId: string }> {
  const threadId = freshThreadId("size-record");
  const versions = Object.fromEntries(Object.keys(values).map((channel) => [channel, 1]));
  const config = await putVersions(saver, threadConfig(threadId), values, versions, versions);
  return { ...(await recordOf(saver, config)), threadId };
}

/** The record with its channels in name order: their order carries no meaning. */
function byChannel(size: StoredCheckpointSize): StoredCheckpointSize {
  return {
    ...size,
    channels: [...size.channels].sort((a, b) =>
      a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0,
    ),
  };
}

/** The invariants of every record: positive sizes, and a total that is the sum of its parts. */
function expectWellFormed(size: StoredCheckpointSize): void {
  expect(size.overheadBytes).toBeGreaterThan(0);
  for (const channel of size.channels) expect(channel.bytes).toBeGreaterThanOrEqual(1);
  expect(size.storedBytes).toBe(
    size.channels.reduce((sum, channel) => sum + channel.storedBytes, size.overheadBytes),
  );
}

function expectUncompressed(size: StoredCheckpointSize): void {
  for (const { bytes, storedBytes } of size.channels) {
    expect(storedBytes).toBeGreaterThanOrEqual(bytes);
    expect(storedBytes).toBeLessThanOrEqual(bytes + FRAMING_ALLOWANCE_BYTES);
  }
}

/**
 * `getCheckpointSize` and the records `threadSizeSummary` carries. `plain` stores values
 * uncompressed; `compressing`, when the harness has one, compresses values of 16 kB and more.
 */
export function sizeRecordSpecs(
  plain: () => RecordingSaver,
  compressing: (() => RecordingSaver) | undefined,
): void {
  it(
    "getCheckpointSize returns the record of exactly the channels each put stored, in its namespace",
    async () => {
      const threadId = freshThreadId("size-record");
      const first = await putVersions(
        plain(),
        threadConfig(threadId),
        { notes: "n".repeat(300), tag: "t".repeat(50) },
        { notes: 1, tag: 1 },
        { notes: 1, tag: 1 },
      );
      const second = await putVersions(
        plain(),
        first,
        { notes: "m".repeat(400), tag: "t".repeat(50) },
        { notes: 2, tag: 1 },
        { notes: 2 },
      );
      const inner = await putVersions(
        plain(),
        threadConfig(threadId, "inner:1"),
        { scratch: "s".repeat(20) },
        { scratch: 1 },
        { scratch: 1 },
      );
      const expected = [
        [first, ["notes", "tag"]],
        [second, ["notes"]],
        [inner, ["scratch"]],
      ] as const;
      for (const [config, channels] of expected) {
        const size = await recordOf(plain(), config);
        expect(size).toMatchObject({
          checkpointNs: config.configurable?.checkpoint_ns,
          checkpointId: config.configurable?.checkpoint_id,
        });
        expect(byChannel(size).channels.map(({ channel }) => channel)).toEqual(channels);
        expectWellFormed(size);
        expectUncompressed(size);
      }
      const notes = (await recordOf(plain(), second)).channels[0];
      expect(notes?.bytes).toBeGreaterThanOrEqual(400);
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "getCheckpointSize of a checkpoint that does not exist is undefined",
    async () => {
      const stored = await recordOfFirstPut(plain(), { a: 1 });
      const threadId = stored.threadId;
      const storedId = stored.checkpointId;
      for (const config of [
        checkpointConfig(threadId, "", newCheckpointId()),
        checkpointConfig(threadId, "inner:1", storedId),
        checkpointConfig(freshThreadId("none"), "", storedId),
      ]) {
        expect(await plain().getCheckpointSize(config)).toBeUndefined();
      }
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "a large repetitive value without compression records stored bytes of about its serde bytes",
    async () => {
      const size = await recordOfFirstPut(plain(), { text: REPETITIVE_VALUE });
      expect(size.channels[0]?.bytes).toBeGreaterThanOrEqual(REPETITIVE_VALUE.length);
      expectWellFormed(size);
      expectUncompressed(size);
    },
    SPEC_TIMEOUT_MS,
  );

  const whenCompressing = compressing === undefined ? it.skip : it;
  whenCompressing(
    `a large repetitive value compressed records stored bytes far below its serde bytes${
      compressing === undefined ? " [skipped: the harness has no createCompressing]" : ""
    }`,
    async () => {
      const saver = (compressing as () => RecordingSaver)();
      const size = await recordOfFirstPut(saver, { text: REPETITIVE_VALUE });
      const text = size.channels[0];
      expect(text?.bytes).toBeGreaterThanOrEqual(REPETITIVE_VALUE.length);
      expect(text?.storedBytes).toBeLessThan((text?.bytes ?? 0) / 10);
      expectWellFormed(size);
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "threadSizeSummary's recent checkpoints are the records getCheckpointSize returns",
    async () => {
      const threadId = freshThreadId("size-record");
      let config = threadConfig(threadId);
      const configs: RunnableConfig[] = [];
      for (let step = 1; step <= 3; step += 1) {
        config = await putVersions(
          plain(),
          config,
          { notes: "n".repeat(200 * step), step },
          { notes: step, step },
          { notes: step, step },
        );
        configs.unshift(config);
      }
      const summary = await plain().threadSizeSummary(threadId, { lastN: 3 });
      const records = await Promise.all(configs.map((stored) => recordOf(plain(), stored)));
      expect(summary.recentCheckpoints.map(byChannel)).toEqual(records.map(byChannel));
    },
    SPEC_TIMEOUT_MS,
  );
}
