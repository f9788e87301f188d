import type { StateSizeReader, StoredCheckpointSize } from "@checkpointkit/core";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { type CheckpointAddress, checkpointConfig } from "./checkpoint-address.js";
import { errorType } from "./error-type.js";

/**
 * What the saver recorded of one checkpoint's stored size: per channel this checkpoint
 * stored, bytes before and after compression, plus its checkpoint and metadata records.
 */
export type CheckpointStoredSize =
  | ({ state: "recorded" } & StoredCheckpointSize)
  /** Written before the saver recorded sizes. */
  | { state: "not recorded" }
  /** The read failed; only the error's class name (a message could carry a secret). */
  | { state: "unavailable"; errorType: string };

type SizeRecordReader = Pick<StateSizeReader, "getCheckpointSize">;

/** The saver when it offers `getCheckpointSize`; recognised by shape, as any saver may add it. */
export function sizeRecordReaderOf(saver: BaseCheckpointSaver): SizeRecordReader | undefined {
  const candidate = saver as unknown as Partial<SizeRecordReader>;
  return typeof candidate.getCheckpointSize === "function"
    ? (candidate as SizeRecordReader)
    : undefined;
}

/**
 * One `getCheckpointSize` call; null when the saver has none. Never rejects: a failure is
 * part of the answer, so the rest of the checkpoint page is still shown.
 */
export async function readCheckpointSize(
  saver: BaseCheckpointSaver,
  address: CheckpointAddress,
): Promise<CheckpointStoredSize | null> {
  const reader = sizeRecordReaderOf(saver);
  if (reader === undefined) return null;
  try {
    const record = await reader.getCheckpointSize(checkpointConfig(address));
    return record === undefined ? { state: "not recorded" } : { state: "recorded", ...record };
  } catch (error) {
    return { state: "unavailable", errorType: errorType(error) };
  }
}
