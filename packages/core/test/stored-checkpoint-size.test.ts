import {
  CorruptCheckpointError,
  decodeStoredSize,
  encodeStoredSize,
  type StoredCheckpointSize,
  storedSizeOf,
} from "../src/index.js";

const ADDRESS = { threadId: "thread-7", checkpointNs: "inner:1", checkpointId: "ckpt-42" };

const SIZE: StoredCheckpointSize = storedSizeOf({
  operation: "put",
  ...ADDRESS,
  channels: [
    { channel: "messages", bytes: 9_000, storedBytes: 1_200 },
    { channel: 'odd "channel" \\ \u0000 é 😀', bytes: 12, storedBytes: 20 },
  ],
  overheadBytes: 300,
});

/** The error `decodeStoredSize` throws for `text`, or a failure when it decodes it. */
function decodeError(text: string): unknown {
  try {
    decodeStoredSize(text, ADDRESS);
  } catch (error) {
    return error;
  }
  throw new Error(`decodeStoredSize accepted ${text}`);
}

describe("storedSizeOf", () => {
  it("totals the channels' stored bytes and the overhead, and copies the channels", () => {
    const channels = [{ channel: "a", bytes: 10, storedBytes: 4 }];
    const size = storedSizeOf({
      operation: "put",
      ...ADDRESS,
      channels,
      overheadBytes: 7,
    });
    expect(size).toEqual({
      checkpointNs: "inner:1",
      checkpointId: "ckpt-42",
      channels: [{ channel: "a", bytes: 10, storedBytes: 4 }],
      overheadBytes: 7,
      storedBytes: 11,
    });
    channels[0]!.storedBytes = 999;
    expect(size.channels[0]?.storedBytes).toBe(4);
  });
});

describe("encodeStoredSize / decodeStoredSize", () => {
  it("round-trips a record, hostile channel names included, as compact JSON without the address", () => {
    const text = encodeStoredSize(SIZE);
    expect(text).toBe(
      JSON.stringify({
        v: 1,
        o: 300,
        c: [
          ["messages", 9_000, 1_200],
          ['odd "channel" \\ \u0000 é 😀', 12, 20],
        ],
      }),
    );
    expect(text).not.toContain("ckpt-42");
    expect(decodeStoredSize(text, ADDRESS)).toEqual(SIZE);
  });

  it("round-trips a put that stored no channel value", () => {
    const empty = storedSizeOf({ operation: "put", ...ADDRESS, channels: [], overheadBytes: 80 });
    expect(decodeStoredSize(encodeStoredSize(empty), ADDRESS)).toEqual({
      ...empty,
      storedBytes: 80,
    });
  });

  it("recomputes the total from the parts: a record cannot claim another total", () => {
    const decoded = decodeStoredSize('{"v":1,"o":5,"c":[["a",3,2],["b",1,1]]}', ADDRESS);
    expect(decoded.storedBytes).toBe(8);
  });

  const damaged: ReadonlyArray<readonly [string, string]> = [
    ["not JSON", "{v:1"],
    ["empty text", ""],
    ["JSON null", "null"],
    ["a number", "1"],
    ["a string", '"{}"'],
    ["an array", "[1,300,[]]"],
    ["no version", '{"o":1,"c":[]}'],
    ["an unknown version", '{"v":2,"o":1,"c":[]}'],
    ["a version as text", '{"v":"1","o":1,"c":[]}'],
    ["no overhead", '{"v":1,"c":[]}'],
    ["a negative overhead", '{"v":1,"o":-1,"c":[]}'],
    ["a fractional overhead", '{"v":1,"o":1.5,"c":[]}'],
    ["an overhead as text", '{"v":1,"o":"1","c":[]}'],
    ["an unsafe overhead", `{"v":1,"o":${2 ** 53},"c":[]}`],
    ["no channels", '{"v":1,"o":1}'],
    ["channels not a list", '{"v":1,"o":1,"c":{}}'],
    ["a channel entry too short", '{"v":1,"o":1,"c":[["a",1]]}'],
    ["a channel entry too long", '{"v":1,"o":1,"c":[["a",1,1,1]]}'],
    ["a channel entry not a list", '{"v":1,"o":1,"c":["a"]}'],
    ["a channel name not text", '{"v":1,"o":1,"c":[[7,1,1]]}'],
    ["negative bytes", '{"v":1,"o":1,"c":[["a",-1,1]]}'],
    ["fractional bytes", '{"v":1,"o":1,"c":[["a",1.5,1]]}'],
    ["bytes as text", '{"v":1,"o":1,"c":[["a","1",1]]}'],
    ["negative stored bytes", '{"v":1,"o":1,"c":[["a",1,-1]]}'],
    ["stored bytes null", '{"v":1,"o":1,"c":[["a",1,null]]}'],
    ["one good and one bad entry", '{"v":1,"o":1,"c":[["a",1,1],["b",1]]}'],
  ];

  it.each(damaged)("refuses %s with CorruptCheckpointError naming the checkpoint", (_, text) => {
    const error = decodeError(text);
    expect(CorruptCheckpointError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('"ckpt-42"');
    expect(message).toContain('"inner:1"');
    expect(message).toContain('"thread-7"');
  });
});
