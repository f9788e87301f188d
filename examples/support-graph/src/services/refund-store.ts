import type { CurrencyCode } from "../state.js";

/** A refund that was sent to the payment provider. */
export interface RefundRecord {
  refundId: string;
  /** At most one refund exists per key. */
  idempotencyKey: string;
  customerId: string;
  txnId: string;
  amountCents: number;
  currency: CurrencyCode;
  /** `policy-engine` or the human approver. */
  approvedBy: string;
  /** ISO timestamp. */
  issuedAt: string;
  /** Checkpoint the policy task ran from when it issued this refund. */
  checkpointId?: string;
}

/**
 * Where issued refunds are remembered. `insertIfAbsent` must be atomic across every process
 * that shares the store: that atomicity is what makes a resumed or replayed policy node
 * unable to refund twice.
 */
export interface RefundStore {
  /** Stores `record` unless its key exists; returns the stored record and whether it is new. */
  insertIfAbsent(record: RefundRecord): Promise<{ record: RefundRecord; created: boolean }>;
  /** Every refund, in the order they were issued. */
  list(): Promise<RefundRecord[]>;
}

/** A store for one process (tests, the in-process scenarios). */
export class InMemoryRefundStore implements RefundStore {
  private readonly records = new Map<string, RefundRecord>();

  async insertIfAbsent(record: RefundRecord): Promise<{ record: RefundRecord; created: boolean }> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing !== undefined) return { record: { ...existing }, created: false };
    this.records.set(record.idempotencyKey, { ...record });
    return { record: { ...record }, created: true };
  }

  async list(): Promise<RefundRecord[]> {
    return [...this.records.values()].map((record) => ({ ...record }));
  }
}
