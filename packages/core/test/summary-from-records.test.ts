import {
  type StoredCheckpointSize,
  SUMMARY_CHANNEL_COUNT,
  storedSizeOf,
  summarizeRecordedSizes,
} from "../src/index.js";

/** A record of one put: channels as [name, bytes, storedBytes]. */
function recordOf(
  checkpointId: string,
  channels: ReadonlyArray<readonly [string, number, number]>,
  overheadBytes = 100,
): StoredCheckpointSize {
  return storedSizeOf({
    operation: "put",
    threadId: "t",
    checkpointNs: "",
    checkpointId,
    channels: channels.map(([channel, bytes, storedBytes]) => ({ channel, bytes, storedBytes })),
    overheadBytes,
  });
}

// Newest first, as savers hand them over.
const NEWEST = recordOf("c3", [
  ["notes", 3_000, 1_000],
  ["tag", 10, 10],
]);
const MIDDLE = recordOf("c2", [["notes", 2_000, 800]]);
const OLDEST = recordOf("c1", [
  ["notes", 1_000, 500],
  ["messages", 900, 900],
]);

describe("summarizeRecordedSizes", () => {
  it("without whole-thread totals, the scope is the recent records: totals, count, growth", () => {
    const summary = summarizeRecordedSizes({ threadId: "t", recent: [NEWEST, MIDDLE, OLDEST] });
    expect(summary).toEqual({
      threadId: "t",
      scope: "lastN",
      totalBytes: NEWEST.storedBytes + MIDDLE.storedBytes + OLDEST.storedBytes,
      checkpointCount: 3,
      largestChannels: [
        { channel: "notes", bytes: 6_000, storedBytes: 2_300 },
        { channel: "messages", bytes: 900, storedBytes: 900 },
        { channel: "tag", bytes: 10, storedBytes: 10 },
      ],
      recentCheckpoints: [NEWEST, MIDDLE, OLDEST],
      growthBytes: NEWEST.storedBytes - OLDEST.storedBytes,
    });
  });

  it("with whole-thread totals, the scope is the thread and its channels are the thread's", () => {
    const summary = summarizeRecordedSizes({
      threadId: "t",
      recent: [NEWEST, MIDDLE],
      wholeThread: {
        totalBytes: 50_000,
        checkpointCount: 40,
        channels: [
          { channel: "notes", bytes: 20_000, storedBytes: 9_000 },
          { channel: "messages", bytes: 30_000, storedBytes: 30_000 },
          { channel: "notes", bytes: 1_000, storedBytes: 1_000 },
        ],
      },
    });
    expect(summary).toEqual({
      threadId: "t",
      scope: "thread",
      totalBytes: 50_000,
      checkpointCount: 40,
      largestChannels: [
        { channel: "messages", bytes: 30_000, storedBytes: 30_000 },
        { channel: "notes", bytes: 21_000, storedBytes: 10_000 },
      ],
      recentCheckpoints: [NEWEST, MIDDLE],
      growthBytes: NEWEST.storedBytes - MIDDLE.storedBytes,
    });
  });

  it("growth is 0 with fewer than two records, and an empty thread sums to nothing", () => {
    expect(summarizeRecordedSizes({ threadId: "t", recent: [NEWEST] }).growthBytes).toBe(0);
    expect(summarizeRecordedSizes({ threadId: "t", recent: [] })).toEqual({
      threadId: "t",
      scope: "lastN",
      totalBytes: 0,
      checkpointCount: 0,
      largestChannels: [],
      recentCheckpoints: [],
      growthBytes: 0,
    });
  });

  it("growth may be negative: the newest checkpoint stored less than the oldest", () => {
    const summary = summarizeRecordedSizes({ threadId: "t", recent: [MIDDLE, OLDEST] });
    expect(summary.growthBytes).toBe(MIDDLE.storedBytes - OLDEST.storedBytes);
    expect(summary.growthBytes).toBeLessThan(0);
  });

  it(`names at most ${SUMMARY_CHANNEL_COUNT} channels, the largest`, () => {
    const channels = Array.from(
      { length: SUMMARY_CHANNEL_COUNT + 5 },
      (_, index) => [`channel-${index}`, index + 1, index + 1] as const,
    );
    const summary = summarizeRecordedSizes({ threadId: "t", recent: [recordOf("c", channels)] });
    expect(summary.largestChannels.map((size) => size.storedBytes)).toEqual(
      Array.from({ length: SUMMARY_CHANNEL_COUNT }, (_, index) => channels.length - index),
    );
  });

  it("hands out copies: changing the summary does not change the saver's records", () => {
    const record = recordOf("c", [["notes", 10, 10]]);
    const summary = summarizeRecordedSizes({ threadId: "t", recent: [record] });
    summary.recentCheckpoints[0]!.channels[0]!.storedBytes = 0;
    expect(record.channels[0]?.storedBytes).toBe(10);
  });
});
