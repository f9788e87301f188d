import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";

/** Where one checkpoint lives; any string is a valid value of each field. */
export interface CheckpointAddress {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
}

export function checkpointConfig(address: CheckpointAddress): RunnableConfig {
  return {
    configurable: {
      thread_id: address.threadId,
      checkpoint_ns: address.checkpointNs,
      checkpoint_id: address.checkpointId,
    },
  };
}

export function addressOf(tuple: CheckpointTuple): CheckpointAddress {
  const configurable = tuple.config.configurable ?? {};
  return {
    threadId: String(configurable.thread_id ?? ""),
    checkpointNs: String(configurable.checkpoint_ns ?? ""),
    checkpointId: tuple.checkpoint.id,
  };
}

export function parentAddressOf(tuple: CheckpointTuple): CheckpointAddress | undefined {
  const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
  if (typeof parentId !== "string") return undefined;
  return { ...addressOf(tuple), checkpointId: parentId };
}

/** Checkpoints are told apart by namespace and id within a thread. */
export function checkpointKey(checkpointNs: string, checkpointId: string): string {
  return JSON.stringify([checkpointNs, checkpointId]);
}
