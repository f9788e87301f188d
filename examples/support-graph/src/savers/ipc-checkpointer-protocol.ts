import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";

/** The checkpointer methods a child process can call on a saver its parent holds. */
export type RelayedMethod = "getTuple" | "list" | "put" | "putWrites" | "deleteThread";

/** A value passed through the saver's serde, so messages, `Uint8Array`s and `Map`s survive IPC. */
export interface SerializedValue {
  serdeType: string;
  base64: string;
}

export interface CheckpointerCallMessage {
  channel: "checkpointer-call";
  callId: number;
  method: RelayedMethod;
  /** The method's arguments as one array. */
  args: SerializedValue;
}

export interface CheckpointerReplyMessage {
  channel: "checkpointer-reply";
  callId: number;
  /** Absent when the method returned `undefined`. */
  result?: SerializedValue;
  /** Message of the error the method threw. */
  errorMessage?: string;
}

export function isCheckpointerCall(message: unknown): message is CheckpointerCallMessage {
  return (message as Partial<CheckpointerCallMessage> | null)?.channel === "checkpointer-call";
}

export function isCheckpointerReply(message: unknown): message is CheckpointerReplyMessage {
  return (message as Partial<CheckpointerReplyMessage> | null)?.channel === "checkpointer-reply";
}

export async function serializeValue(
  serde: SerializerProtocol,
  value: unknown,
): Promise<SerializedValue> {
  const [serdeType, bytes] = await serde.dumpsTyped(value);
  return { serdeType, base64: Buffer.from(bytes).toString("base64") };
}

export async function deserializeValue(
  serde: SerializerProtocol,
  value: SerializedValue,
): Promise<unknown> {
  return serde.loadsTyped(value.serdeType, new Uint8Array(Buffer.from(value.base64, "base64")));
}
