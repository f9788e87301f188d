import { encodeStoredSize, storedSizeOf } from "@checkpointkit/core";
import type { EncodedPutInput, PutPlan } from "../cosmos-put-plan.js";
import { measureEncodedPut } from "../cosmos-stored-size.js";

/**
 * A record naming its `introducedChannels` may ship channels its put did not change (the
 * flusher ships a checkpoint self-contained when it cannot rely on its parent). The plan
 * measured every value it stores; its size record, head and thread totals count only the
 * introduced ones instead, as the hot tier's record does.
 */
export function countIntroducedOnly(
  plan: PutPlan,
  input: EncodedPutInput,
  introducedChannels: readonly string[] | undefined,
): PutPlan {
  if (introducedChannels === undefined) return plan;
  const introduced = new Set(introducedChannels);
  const size = storedSizeOf(
    measureEncodedPut({
      ...input,
      threadId: input.partition.threadId,
      values: input.values.filter(({ channel }) => introduced.has(channel)),
    }),
  );
  for (const operation of plan.itemOperations) {
    if (operation.operationType !== "Upsert") continue;
    const body = operation.resourceBody;
    if (body.kind !== "checkpoint") continue;
    body.stored_size = encodeStoredSize(size);
    body.stored_bytes = size.storedBytes;
  }
  plan.head.stored_bytes = size.storedBytes;
  plan.threadTotals.storedBytes = size.storedBytes;
  plan.threadItem.stored_bytes = size.storedBytes;
  return plan;
}
