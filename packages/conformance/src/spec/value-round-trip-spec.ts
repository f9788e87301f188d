import { AIMessage, HumanMessage } from "@langchain/core/messages";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { itWhen } from "./capability-gate.js";
import {
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

const INSTANT = new Date("2024-02-29T23:59:58.123Z");

/** Channel name → value; the falsy ones catch savers that drop "empty" values. */
function sampleValues(): Record<string, unknown> {
  return {
    bytes: new Uint8Array([0, 1, 2, 254, 255, 0]),
    nestedBytes: { payload: new Uint8Array([9, 0, 9]) },
    map: new Map<unknown, unknown>([
      ["a", 1],
      [2, { deep: [1, 2] }],
    ]),
    set: new Set<unknown>([1, "two", 3.5]),
    date: INSTANT,
    nested: { a: { b: { c: [1, { d: null, e: true, f: 1.5 }] } }, empty: {}, list: [] },
    nul: "before\u0000after",
    unicode: "emoji \u{1F600}, accent é, CJK 中文, line separator \u2028, BOM \uFEFF",
    messages: [
      new HumanMessage({ content: "where is my refund?", id: "human-1" }),
      new AIMessage({
        content: "",
        id: "ai-1",
        tool_calls: [{ name: "lookup", args: { order: 42 }, id: "call-1", type: "tool_call" }],
      }),
    ],
    zero: 0,
    no: false,
    emptyString: "",
    nothing: null,
  };
}

/** What the saver's serde makes of `value`: the saver must return exactly this. */
async function serdeRoundTrip(saver: BaseCheckpointSaver, value: unknown): Promise<unknown> {
  const [type, serialized] = await saver.serde.dumpsTyped(value);
  return saver.serde.loadsTyped(type, serialized);
}

async function expectSameAsSerde(
  saver: BaseCheckpointSaver,
  actual: Record<string, unknown>,
  original: Record<string, unknown>,
): Promise<void> {
  const expected: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(original)) {
    expected[key] = await serdeRoundTrip(saver, value);
  }
  expect(actual).toEqual(expected);
}

/** The LangChain message classes survive, not just their fields. */
function expectMessages(messages: unknown): void {
  const [human, ai] = messages as [unknown, unknown];
  expect(HumanMessage.isInstance(human)).toBe(true);
  expect(AIMessage.isInstance(ai)).toBe(true);
  expect((human as HumanMessage).content).toBe("where is my refund?");
  expect((ai as AIMessage).tool_calls).toEqual([
    { name: "lookup", args: { order: 42 }, id: "call-1", type: "tool_call" },
  ]);
}

/** Values and metadata go through the saver's serde, unchanged by the saver itself. */
export function valueRoundTripSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  describe("value round trip", () => {
    const saver = useSaver(harness);

    it(
      "channel values (bytes, Map, Set, Date, nested, NUL, unicode, messages, falsy) round-trip",
      async () => {
        const values = sampleValues();
        const config = await putCheckpoint(
          saver(),
          threadConfig(freshThreadId()),
          makeCheckpoint(values),
        );
        const tuple = await saver().getTuple(config);
        const stored = tuple?.checkpoint.channel_values ?? {};
        await expectSameAsSerde(saver(), stored, values);
        expect(stored.bytes).toBeInstanceOf(Uint8Array);
        expect(stored.map).toBeInstanceOf(Map);
        expect(stored.set).toBeInstanceOf(Set);
        // JsonPlusSerializer stores a Date as its ISO string; the instant must survive either way.
        expect(new Date(stored.date as string | Date).getTime()).toBe(INSTANT.getTime());
        expectMessages(stored.messages);
        const [listed] = await collect(saver().list(config));
        await expectSameAsSerde(saver(), listed?.checkpoint.channel_values ?? {}, values);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "the same values round-trip as pendingWrites (bare bytes aside, see the next spec)",
      async () => {
        const { bytes: _bareBytes, ...values } = sampleValues();
        const config = await putCheckpoint(
          saver(),
          threadConfig(freshThreadId()),
          makeCheckpoint(),
        );
        await saver().putWrites(config, Object.entries(values), "task");
        const tuple = await saver().getTuple(config);
        const written = Object.fromEntries(
          (tuple?.pendingWrites ?? []).map(([, channel, value]) => [channel, value]),
        );
        expect(tuple?.pendingWrites?.map(([, channel]) => channel)).toEqual(Object.keys(values));
        await expectSameAsSerde(saver(), written, values);
        expect(written.nestedBytes).toEqual({ payload: new Uint8Array([9, 0, 9]) });
        expectMessages(written.messages);
      },
      SPEC_TIMEOUT_MS,
    );

    itWhen(capabilities, "bytesPendingWrites")(
      "a pendingWrite whose value is a bare Uint8Array round-trips",
      async () => {
        const config = await putCheckpoint(
          saver(),
          threadConfig(freshThreadId()),
          makeCheckpoint(),
        );
        await saver().putWrites(config, [["bytes", new Uint8Array([0, 1, 255])]], "task");
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual([["task", "bytes", new Uint8Array([0, 1, 255])]]);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "metadata with NUL characters and unicode round-trips and can be filtered on",
      async () => {
        const threadId = freshThreadId();
        const extra = {
          note: "a\u0000b",
          unicode: "\u{1F600} é 中文 \u2028",
          nested: { list: ["x\u0000y", { deeper: "\u0000" }] },
        };
        const metadata = makeMetadata(extra);
        const config = await putCheckpoint(
          saver(),
          threadConfig(threadId),
          makeCheckpoint(),
          metadata,
        );
        const tuple = await saver().getTuple(config);
        expect(tuple?.metadata).toEqual(metadata);
        const filtered = await collect(
          saver().list(threadConfig(threadId), {
            filter: { note: "a\u0000b", unicode: extra.unicode },
          }),
        );
        expect(filtered.map((item) => item.checkpoint.id)).toEqual([tuple?.checkpoint.id]);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
