import type { ChildProcess } from "node:child_process";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  type CheckpointerCallMessage,
  type CheckpointerReplyMessage,
  deserializeValue,
  isCheckpointerCall,
  serializeValue,
} from "./ipc-checkpointer-protocol.js";

async function invoke(checkpointer: BaseCheckpointSaver, call: CheckpointerCallMessage) {
  const args = (await deserializeValue(checkpointer.serde, call.args)) as any[];
  switch (call.method) {
    case "getTuple":
      return checkpointer.getTuple(args[0]);
    case "list": {
      const tuples = [];
      for await (const tuple of checkpointer.list(args[0], args[1])) tuples.push(tuple);
      return tuples;
    }
    case "put":
      return checkpointer.put(args[0], args[1], args[2], args[3]);
    case "putWrites":
      return checkpointer.putWrites(args[0], args[1], args[2], args[3]);
    case "deleteThread":
      return checkpointer.deleteThread(args[0]);
  }
}

/**
 * Answers the checkpointer calls an `IpcCheckpointSaver` in `child` makes, with the parent's
 * `checkpointer`. Calls run in arrival order, one at a time, like a single connection.
 * Returns a function that stops serving.
 */
export function serveCheckpointerOverIpc(
  child: ChildProcess,
  checkpointer: BaseCheckpointSaver,
): () => void {
  let queue = Promise.resolve();
  const onMessage = (message: unknown) => {
    if (!isCheckpointerCall(message)) return;
    queue = queue.then(async () => {
      let reply: CheckpointerReplyMessage;
      try {
        const result = await invoke(checkpointer, message);
        reply = {
          channel: "checkpointer-reply",
          callId: message.callId,
          ...(result === undefined
            ? {}
            : { result: await serializeValue(checkpointer.serde, result) }),
        };
      } catch (error) {
        reply = {
          channel: "checkpointer-reply",
          callId: message.callId,
          errorMessage: error instanceof Error ? error.message : String(error),
        };
      }
      // The child may be gone (the crash scenario kills it); a lost reply is expected then.
      if (child.connected) child.send(reply);
    });
  };
  child.on("message", onMessage);
  return () => child.off("message", onMessage);
}
