import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type BaseCheckpointSaver,
  type CheckpointTuple,
  MemorySaver,
} from "@langchain/langgraph-checkpoint";
import { makeCheckpoint, makeMetadata, threadConfig } from "../src/spec/fixtures.js";
import {
  describeStoredHistory,
  readSpecs,
  readSpecViolations,
} from "../src/stored-history/index.js";

const NAMESPACES_OF_THREAD: Readonly<Record<string, readonly string[]>> = {
  "thread-a": ["", "child"],
  "thread-b": [""],
};

/**
 * Five checkpoints per namespace, each with a pending write, ids in put order. `skip` names
 * checkpoints left out (their children still name them as parent).
 */
async function fill(saver: BaseCheckpointSaver, skip: ReadonlySet<string> = new Set()) {
  for (const [threadId, namespaces] of Object.entries(NAMESPACES_OF_THREAD)) {
    for (const checkpointNs of namespaces) {
      let parentId: string | undefined;
      for (let step = 0; step < 5; step += 1) {
        const id = `${threadId}/${checkpointNs}/${step}`;
        const config: RunnableConfig = {
          configurable: {
            ...threadConfig(threadId, checkpointNs).configurable,
            checkpoint_id: parentId,
          },
        };
        parentId = id;
        if (skip.has(id)) continue;
        const checkpoint = makeCheckpoint({ counter: step }, { counter: step + 1 }, id);
        const metadata = makeMetadata({ step, parity: step % 2 === 0 ? "even" : "odd" });
        const stored = await saver.put(config, checkpoint, metadata, { counter: step + 1 });
        await saver.putWrites(stored, [["counter", `pending ${step}`]], `task-${step}`);
      }
    }
  }
}

let filled: MemorySaver;
let expected: CheckpointTuple[] = [];

// The read specs hold for LangGraph's in-memory saver, with its own `list` as the expected
// history (it orders each namespace newest first, not the namespaces among each other).
describeStoredHistory({
  name: "MemorySaver filled by puts",
  async beforeAll() {
    filled = new MemorySaver();
    await fill(filled);
    expected = [];
    for await (const tuple of filled.list({})) expected.push(tuple);
  },
  saver: () => filled,
  expected: () => expected,
});

it("every read spec fails on a copy that lacks one checkpoint of each of two namespaces", async () => {
  const damaged = new MemorySaver();
  // The middle of thread-a's root namespace, and the newest of thread-b's.
  await fill(damaged, new Set(["thread-a//2", "thread-b//4"]));
  const violations = await readSpecViolations(damaged, expected);
  for (const spec of readSpecs()) {
    expect({ spec: spec.name, fails: (violations[spec.name] ?? []).length > 0 }).toEqual({
      spec: spec.name,
      fails: true,
    });
  }
});
