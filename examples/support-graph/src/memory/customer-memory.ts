import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type { DuplicateCharge } from "../state.js";

/** What the store remembers of a refund, under the customer, across support cases. */
export interface RememberedRefund {
  refundId: string;
  /** The thread (support case) that issued it. */
  threadId: string;
  duplicateTxn: string;
  amountCents: number;
  merchant: string;
}

/**
 * `["customers", customerId, "refunds"]`: every memory of one customer under one prefix
 * (CosmosStore partitions on the first two labels, RedisStore shards on them), so recalling a
 * customer never reads another customer's items.
 */
export function refundsNamespace(customerId: string): string[] {
  return ["customers", customerId, "refunds"];
}

/**
 * A refund an earlier case already issued for this charge, found by a filtered search of the
 * customer's memories (not by the thread: the earlier case is another thread).
 */
export async function findEarlierRefund(
  store: BaseStore,
  customerId: string,
  charge: DuplicateCharge,
): Promise<RememberedRefund | undefined> {
  const [found] = await store.search(refundsNamespace(customerId), {
    filter: { duplicateTxn: charge.duplicateTxn },
    limit: 1,
  });
  return found?.value as RememberedRefund | undefined;
}

/** Remembers an issued refund; keyed by the charge, so re-running the node rewrites the same item. */
export async function rememberRefund(
  store: BaseStore,
  customerId: string,
  refund: RememberedRefund,
): Promise<void> {
  await store.put(refundsNamespace(customerId), refund.duplicateTxn, { ...refund });
}
