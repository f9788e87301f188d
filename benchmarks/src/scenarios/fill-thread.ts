import { stepWrites, type ThreadCheckpoints } from "../fixtures/checkpoint-builder.js";
import { serializeForFloor } from "../fixtures/serialized.js";
import type { Subject } from "./subject.js";

const TASK_PATH = "~__pregel_pull, agent";

/**
 * Writes `count` steps (checkpoint + writes) into one thread of a saver or floor, for the
 * scenarios that read a long history. `channelsFor(step)` gives the stored values of each
 * step; `versionOnly` channels get a new version without a stored value (delta channels).
 */
export async function fillThread(
  subject: Subject,
  thread: ThreadCheckpoints,
  count: number,
  channelsFor: (step: number) => Record<string, unknown>,
  versionOnlyFor: (step: number) => readonly string[] = () => [],
): Promise<string[]> {
  const checkpointIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const step = thread.next(channelsFor(index), versionOnlyFor(index));
    const writes = stepWrites(index);
    checkpointIds.push(step.checkpoint.id);
    if (subject.kind === "saver") {
      const { saver } = subject.bench;
      const stored = await saver.put(step.config, step.checkpoint, step.metadata, step.newVersions);
      await saver.putWrites(stored, writes, `task-${index}`, TASK_PATH);
    } else {
      await subject.floor.putCheckpoint(
        thread.threadId,
        await serializeForFloor([step.checkpoint, step.metadata]),
      );
      await subject.floor.putWrites(
        thread.threadId,
        await serializeForFloor([`task-${index}`, writes]),
      );
    }
  }
  return checkpointIds;
}
