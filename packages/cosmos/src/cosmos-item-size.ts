import { PayloadTooLargeError } from "@checkpointkit/core";

/** The service refuses items above 2 MB (of JSON, system properties aside). */
export const MAX_ITEM_BYTES = 2 * 1024 * 1024;

/**
 * Refuses, before anything is written, an item the service would refuse whatever the batch:
 * chunking keeps payloads small, so only a huge metadata projection or thousands of channels
 * get here, and splitting the batch cannot help. `what` names the record in the message.
 */
export function assertItemsFit(items: readonly unknown[], what: string): void {
  for (const item of items) {
    const sizeBytes = Buffer.byteLength(JSON.stringify(item), "utf8");
    if (sizeBytes > MAX_ITEM_BYTES) {
      throw new PayloadTooLargeError(
        `${what} can never be stored: one of its items is ${sizeBytes} bytes, above Cosmos DB's 2 MB item limit`,
        { sizeBytes, limitBytes: MAX_ITEM_BYTES },
      );
    }
  }
}
