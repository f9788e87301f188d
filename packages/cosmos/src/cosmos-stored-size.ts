import type { MeasuredWrite } from "@checkpointkit/core";
import { type EncodedPayload, payloadSize } from "./cosmos-payloads.js";

/** What one put stores, encoded: the parts its size record is measured from. */
export interface EncodedPutParts {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** The channels at new versions; `undefined` = empty there (nothing stored). */
  values: readonly { channel: string; encoded: EncodedPayload | undefined }[];
  encodedCheckpoint: EncodedPayload;
  encodedMetadata: EncodedPayload;
}

/**
 * A put measured from its encoded payloads (serde bytes, and bytes stored after
 * compression): the numbers `maxCheckpointBytes` is checked against and the size record
 * stored on the checkpoint item, so both always agree. Channels left empty store nothing and
 * are not listed.
 */
export function measureEncodedPut(parts: EncodedPutParts): MeasuredWrite {
  return {
    operation: "put",
    threadId: parts.threadId,
    checkpointNs: parts.checkpointNs,
    checkpointId: parts.checkpointId,
    channels: parts.values.flatMap(({ channel, encoded }) =>
      encoded === undefined ? [] : [payloadSize(channel, encoded)],
    ),
    overheadBytes:
      payloadSize("", parts.encodedCheckpoint).storedBytes +
      payloadSize("", parts.encodedMetadata).storedBytes,
  };
}
