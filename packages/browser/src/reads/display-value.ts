import { isBaseMessage } from "@langchain/core/messages";

/** A chat message as the page shows it: who said what, and the tools it called. */
export interface DisplayMessage {
  $message: string;
  name?: string;
  id?: string;
  content: unknown;
  toolCalls?: unknown;
  toolCallId?: string;
}

/** JSON the page and the API can show: what a stored value looks like, never the value itself. */
export type DisplayValue =
  | null
  | boolean
  | number
  | string
  | DisplayValue[]
  | { [key: string]: DisplayValue }
  | DisplayMessage;

/** Deeper structures are cut: a page stays readable and a cyclic value cannot loop. */
const MAX_DEPTH = 24;

/**
 * A stored channel value, write or metadata as plain JSON: LangChain messages become
 * `{ $message: type, content, ... }`, bytes `{ $bytes: length, base64 }`, a Map/Set their
 * entries, a bigint its digits. Nothing is called on the value except message accessors.
 */
export function toDisplayValue(value: unknown, depth = 0): DisplayValue {
  if (depth > MAX_DEPTH) return { $truncated: "nested too deeply" };
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return { $bigint: value.toString() };
    case "object":
      return objectToDisplay(value, depth);
    default:
      return { $unsupported: typeof value };
  }
}

function objectToDisplay(value: object, depth: number): DisplayValue {
  if (isBaseMessage(value)) return messageToDisplay(value, depth);
  if (value instanceof Uint8Array) {
    return { $bytes: value.byteLength, base64: Buffer.from(value).toString("base64") };
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) {
    return {
      $map: [...value].map(([key, entry]) => [
        toDisplayValue(key, depth + 1),
        toDisplayValue(entry, depth + 1),
      ]),
    };
  }
  if (value instanceof Set)
    return { $set: [...value].map((entry) => toDisplayValue(entry, depth + 1)) };
  if (Array.isArray(value)) return value.map((entry) => toDisplayValue(entry, depth + 1));
  const result: Record<string, DisplayValue> = {};
  for (const [key, entry] of Object.entries(value)) result[key] = toDisplayValue(entry, depth + 1);
  return result;
}

function messageToDisplay(
  message: import("@langchain/core/messages").BaseMessage,
  depth: number,
): DisplayMessage {
  const shown: DisplayMessage = {
    $message: message.getType(),
    content: toDisplayValue(message.content, depth + 1),
  };
  if (typeof message.name === "string") shown.name = message.name;
  if (typeof message.id === "string") shown.id = message.id;
  const toolCalls = (message as { tool_calls?: unknown }).tool_calls;
  if (Array.isArray(toolCalls) && toolCalls.length > 0) {
    shown.toolCalls = toDisplayValue(toolCalls, depth + 1);
  }
  const toolCallId = (message as { tool_call_id?: unknown }).tool_call_id;
  if (typeof toolCallId === "string") shown.toolCallId = toolCallId;
  return shown;
}

/** True for a value `toDisplayValue` made from a message. */
export function isDisplayMessage(value: DisplayValue): value is DisplayMessage {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && "$message" in value
  );
}
