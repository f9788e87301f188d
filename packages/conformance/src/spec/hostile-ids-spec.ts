import { randomUUID } from "node:crypto";
import type { CheckpointPendingWrite } from "@langchain/langgraph-checkpoint";
import { compareWritesSortKeys, writesSortKey } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
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

/**
 * Appended to one random prefix, so every id of a run starts with the same characters: an id
 * that a backend misreads as a pattern (`*`, `?`, `[ab]`, `%`, `_`) or a prefix (`""`, `t`)
 * would match its siblings, and the specs would see the leak.
 */
const HOSTILE_SUFFIXES: readonly string[] = [
  "",
  "t",
  "t*",
  "*",
  "?",
  "[ab]",
  "%",
  "_",
  ":",
  "a:b",
  "{",
  "}",
  "{tag}",
  "\\",
  "\\*",
  "\u0000",
  "a\u0000b",
  "|",
  "/",
  "'",
  '"',
  " ",
  "\u{1F600}",
  "é",
  "x".repeat(10_000),
];

/** Separators a key encoding might use between thread id and namespace. */
const SEPARATORS: readonly string[] = [":", "|", "/", "\u0000", "#", ",", "."];

interface Slot {
  threadId: string;
  checkpointNs: string;
}

function ownerInMetadata(metadata: object | undefined): unknown {
  return (metadata as Record<string, unknown> | undefined)?.owner;
}

function ownerOf(slot: Slot): string {
  return JSON.stringify([slot.threadId, slot.checkpointNs]);
}

/** Any string is a valid thread id, namespace, task id or channel; distinct ids never collide. */
export function hostileIdsSpec(harness: SaverHarness, _capabilities: SaverCapabilities): void {
  describe("hostile ids", () => {
    const saver = useSaver(harness);

    async function putOwned(slot: Slot): Promise<void> {
      const owner = ownerOf(slot);
      const config = await putCheckpoint(
        saver(),
        threadConfig(slot.threadId, slot.checkpointNs),
        makeCheckpoint({ owner }),
        makeMetadata({ owner }),
      );
      await saver().putWrites(config, [["owner", owner]], "task", "~__pregel_pull, node");
    }

    /** The slot reads back exactly its own checkpoint and writes, through getTuple and list. */
    async function expectOwnDataOnly(slot: Slot): Promise<void> {
      const owner = ownerOf(slot);
      const config = threadConfig(slot.threadId, slot.checkpointNs);
      const tuple = await saver().getTuple(config);
      expect(tuple?.checkpoint.channel_values).toEqual({ owner });
      expect(ownerInMetadata(tuple?.metadata)).toBe(owner);
      expect(tuple?.pendingWrites).toEqual([["task", "owner", owner]]);
      expect(tuple?.config.configurable?.thread_id).toBe(slot.threadId);
      expect(tuple?.config.configurable?.checkpoint_ns).toBe(slot.checkpointNs);
      const listed = await collect(saver().list(config));
      expect(listed.map((item) => item.checkpoint.channel_values)).toEqual([{ owner }]);
    }

    it(
      "thread ids with pattern characters, separators, NUL, emoji and 10 KB each keep their own data",
      async () => {
        const prefix = freshThreadId("hostile");
        const slots = HOSTILE_SUFFIXES.map((suffix) => ({
          threadId: `${prefix}${suffix}`,
          checkpointNs: "",
        }));
        for (const slot of slots) await putOwned(slot);
        for (const slot of slots) await expectOwnDataOnly(slot);
        // The whole thread, all namespaces: still only its own checkpoint.
        for (const slot of slots) {
          const listed = await collect(
            saver().list({ configurable: { thread_id: slot.threadId } }),
          );
          expect(listed.map((item) => ownerInMetadata(item.metadata))).toEqual([ownerOf(slot)]);
        }
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "namespaces with pattern characters, separators, NUL, emoji and 10 KB each keep their own data",
      async () => {
        const threadId = freshThreadId();
        const prefix = `ns-${randomUUID()}`;
        const slots = HOSTILE_SUFFIXES.map((suffix) => ({
          threadId,
          checkpointNs: `${prefix}${suffix}`,
        }));
        for (const slot of slots) await putOwned(slot);
        for (const slot of slots) await expectOwnDataOnly(slot);
        const all = await collect(saver().list({ configurable: { thread_id: threadId } }));
        expect(all.map((item) => ownerInMetadata(item.metadata)).sort()).toEqual(
          slots.map(ownerOf).sort(),
        );
      },
      SPEC_TIMEOUT_MS,
    );

    it.each(SEPARATORS.map((separator) => [JSON.stringify(separator), separator]))(
      "separator %s: thread a·b + namespace c, thread a + namespace b·c, thread a·b·c do not collide",
      async (_label, separator) => {
        const prefix = freshThreadId();
        const pair: Slot[] = [
          { threadId: `${prefix}a${separator}b`, checkpointNs: "c" },
          { threadId: `${prefix}a`, checkpointNs: `b${separator}c` },
          { threadId: `${prefix}a${separator}b${separator}c`, checkpointNs: "" },
        ];
        for (const slot of pair) await putOwned(slot);
        for (const slot of pair) await expectOwnDataOnly(slot);
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "deleteThread of a pattern-like or prefix id leaves every other id intact",
      async () => {
        const prefix = freshThreadId("hostile-delete");
        const slots = HOSTILE_SUFFIXES.map((suffix) => ({
          threadId: `${prefix}${suffix}`,
          checkpointNs: "",
        }));
        for (const slot of slots) await putOwned(slot);
        const deletionOrder = ["", "*", "?", "[ab]", "%", "_", "\\*", "t", ":"];
        const remaining = new Set(slots);
        for (const suffix of deletionOrder) {
          const deleted = slots.find((slot) => slot.threadId === `${prefix}${suffix}`)!;
          await saver().deleteThread(deleted.threadId);
          remaining.delete(deleted);
          expect(await saver().getTuple(threadConfig(deleted.threadId))).toBeUndefined();
          for (const slot of remaining) await expectOwnDataOnly(slot);
        }
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "task ids and channel names with hostile characters round-trip in pendingWrites",
      async () => {
        const config = await putCheckpoint(
          saver(),
          threadConfig(freshThreadId()),
          makeCheckpoint(),
        );
        const expected: { taskId: string; write: CheckpointPendingWrite }[] = [];
        for (const suffix of HOSTILE_SUFFIXES) {
          const taskId = `task${suffix}`;
          const channel = `channel${suffix}`;
          await saver().putWrites(config, [[channel, suffix]], taskId);
          expected.push({ taskId, write: [taskId, channel, suffix] });
        }
        expected.sort((a, b) =>
          compareWritesSortKeys(writesSortKey("", a.taskId, 0), writesSortKey("", b.taskId, 0)),
        );
        const tuple = await saver().getTuple(config);
        expect(tuple?.pendingWrites).toEqual(expected.map(({ write }) => write));
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
