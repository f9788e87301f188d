import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  checkpointConfig,
  checkpointIdsOf,
  collect,
  freshThreadId,
  makeCheckpoint,
  makeMetadata,
  newCheckpointId,
  putChain,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
} from "../fixtures.js";
import type { PendingCaseGate } from "../pending-cases.js";

/** 100 KB of ASCII after a unique prefix: far past any backend's key or index-entry limit. */
function hundredKilobyteId(label: string): string {
  const prefix = `${label}-${newCheckpointId()}-`;
  return prefix + "x".repeat(100 * 1024 - prefix.length);
}

/** `list` with `checkpoint_ns: null`, and a metadata filter with an own `__proto__` key. */
function listCases(gate: PendingCaseGate, saver: () => BaseCheckpointSaver): void {
  gate.it(
    "list: checkpoint_ns null",
    "lists every namespace, like checkpoint_ns undefined",
    async () => {
      const threadId = freshThreadId();
      const ids = [
        ...(await putChain(saver(), threadId, "", 2)),
        ...(await putChain(saver(), threadId, "child", 2)),
      ];
      const listed = await collect(
        saver().list({ configurable: { thread_id: threadId, checkpoint_ns: null } }),
      );
      expect(checkpointIdsOf(listed).sort()).toEqual([...ids].sort());
    },
    SPEC_TIMEOUT_MS,
  );

  gate.it(
    "list: filter with an own __proto__ key",
    "is a key like any other: no checkpoint without it matches, alone or with other keys",
    async () => {
      const threadId = freshThreadId();
      let config = threadConfig(threadId);
      for (const metadata of [{}, { kind: "x" }]) {
        config = await putCheckpoint(saver(), config, makeCheckpoint(), makeMetadata(metadata));
      }
      // JSON.parse makes `__proto__` an own key, as a filter read from a request body has it.
      // (No checkpoint stores one here: JsonPlusSerializer drops own `__proto__` keys on load.)
      const filters = [
        JSON.parse('{"__proto__": "a"}'),
        JSON.parse('{"__proto__": "a", "kind": "x"}'),
      ];
      for (const filter of filters) {
        const listed = await collect(saver().list(threadConfig(threadId), { filter }));
        expect({ filter: JSON.stringify(filter), listed: checkpointIdsOf(listed) }).toEqual({
          filter: JSON.stringify(filter),
          listed: [],
        });
      }
      // The filter without `__proto__` does match: the thread is listable.
      const kindOnly = await collect(
        saver().list(threadConfig(threadId), { filter: { kind: "x" } }),
      );
      expect(kindOnly).toHaveLength(1);
    },
    SPEC_TIMEOUT_MS,
  );
}

type LongIdPart = "thread_id" | "checkpoint_ns" | "checkpoint.id" | "taskId" | "channel";

const LONG_ID_PARTS: readonly LongIdPart[] = [
  "thread_id",
  "checkpoint_ns",
  "checkpoint.id",
  "taskId",
  "channel",
];

/** Short ids for every part but `part`, which is 100 KB long. */
function idsWithLong(part: LongIdPart): Record<LongIdPart, string> {
  const ids: Record<LongIdPart, string> = {
    thread_id: freshThreadId(),
    checkpoint_ns: "",
    "checkpoint.id": newCheckpointId(),
    taskId: "task",
    channel: "channel",
  };
  ids[part] = hundredKilobyteId(part);
  return ids;
}

/** Ids of 100 KB: put, putWrites, getTuple, list and deleteThread work with each. */
function longIdCases(gate: PendingCaseGate, saver: () => BaseCheckpointSaver): void {
  for (const part of LONG_ID_PARTS) {
    gate.it(
      `100 KB ${part}`,
      "stored, read, listed and deleted like a short one",
      async () => {
        const ids = idsWithLong(part);
        const { thread_id: threadId, checkpoint_ns: checkpointNs, channel, taskId } = ids;
        const checkpoint = makeCheckpoint(
          { [channel]: "value" },
          { [channel]: 1 },
          ids["checkpoint.id"],
        );
        const stored = await putCheckpoint(
          saver(),
          threadConfig(threadId, checkpointNs),
          checkpoint,
        );
        await saver().putWrites(stored, [[channel, "pending"]], taskId);

        const read = await saver().getTuple(
          checkpointConfig(threadId, checkpointNs, checkpoint.id),
        );
        expect(read?.checkpoint.channel_values).toEqual({ [channel]: "value" });
        expect(read?.pendingWrites).toEqual([[taskId, channel, "pending"]]);
        const latest = await saver().getTuple(threadConfig(threadId, checkpointNs));
        expect(latest?.checkpoint.id).toBe(checkpoint.id);
        const listed = await collect(saver().list({ configurable: { thread_id: threadId } }));
        expect(checkpointIdsOf(listed)).toEqual([checkpoint.id]);

        await saver().deleteThread(threadId);
        expect(await saver().getTuple(threadConfig(threadId, checkpointNs))).toBeUndefined();
      },
      SPEC_TIMEOUT_MS,
    );
  }
}

export function listAndLongIdCases(gate: PendingCaseGate, saver: () => BaseCheckpointSaver): void {
  listCases(gate, saver);
  longIdCases(gate, saver);
}
