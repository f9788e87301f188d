import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import {
  type CheckpointerCallMessage,
  deserializeValue,
  isCheckpointerReply,
  type RelayedMethod,
  serializeValue,
} from "./ipc-checkpointer-protocol.js";

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A checkpointer for a child process whose saver lives in the parent: every call goes over
 * the IPC channel and waits for the parent's reply. The in-memory saver needs this for the
 * crash scenario; its storage must outlive the child that gets SIGKILLed. A write counts as
 * saved once the parent replied, just as a network saver counts a write once the server did.
 */
export class IpcCheckpointSaver extends BaseCheckpointSaver {
  private nextCallId = 1;
  private readonly pendingCalls = new Map<number, PendingCall>();
  private readonly onMessage = (message: unknown) => {
    if (!isCheckpointerReply(message)) return;
    const pending = this.pendingCalls.get(message.callId);
    if (pending === undefined) return;
    this.pendingCalls.delete(message.callId);
    if (message.errorMessage !== undefined) {
      pending.reject(new Error(`parent checkpointer failed: ${message.errorMessage}`));
      return;
    }
    if (message.result === undefined) {
      pending.resolve(undefined);
      return;
    }
    deserializeValue(this.serde, message.result).then(pending.resolve, pending.reject);
  };

  constructor() {
    super();
    if (process.send === undefined) {
      throw new Error("IpcCheckpointSaver needs an IPC channel: start the process with fork()");
    }
    process.on("message", this.onMessage);
  }

  private async call(method: RelayedMethod, args: unknown[]): Promise<unknown> {
    const callId = this.nextCallId++;
    const message: CheckpointerCallMessage = {
      channel: "checkpointer-call",
      callId,
      method,
      args: await serializeValue(this.serde, args),
    };
    return new Promise((resolve, reject) => {
      this.pendingCalls.set(callId, { resolve, reject });
      process.send?.(message, undefined, undefined, (error) => {
        if (error === null) return;
        this.pendingCalls.delete(callId);
        reject(error);
      });
    });
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    return (await this.call("getTuple", [config])) as CheckpointTuple | undefined;
  }

  async *list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple> {
    // The parent collects the whole listing: the demo's threads have a handful of checkpoints.
    const tuples = (await this.call("list", [config, options])) as CheckpointTuple[];
    yield* tuples;
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    return (await this.call("put", [config, checkpoint, metadata, newVersions])) as RunnableConfig;
  }

  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    await this.call("putWrites", [config, writes, taskId, taskPath]);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.call("deleteThread", [threadId]);
  }

  /** Stops listening, so the child can exit once its work is done. */
  close(): void {
    process.off("message", this.onMessage);
    for (const pending of this.pendingCalls.values()) {
      pending.reject(new Error("IpcCheckpointSaver closed"));
    }
    this.pendingCalls.clear();
  }
}
