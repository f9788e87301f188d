import { createHash } from "node:crypto";
import type { CurrencyCode } from "../state.js";
import type { ActivityLog } from "./activity-log.js";
import type { RefundRecord, RefundStore } from "./refund-store.js";

export interface RefundRequest {
  idempotencyKey: string;
  customerId: string;
  txnId: string;
  amountCents: number;
  currency: CurrencyCode;
  approvedBy: string;
  checkpointId?: string;
}

export interface RefundOutcome {
  record: RefundRecord;
  /** False when an earlier call with the same key already refunded: no money moved now. */
  issuedNow: boolean;
}

/** Derives the refund id from the key, so every retry of one refund reports the same id. */
function refundIdOf(idempotencyKey: string): string {
  return `rf_${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 12)}`;
}

/** Issues refunds at most once per idempotency key; stands in for the payment provider. */
export class RefundService {
  constructor(
    private readonly store: RefundStore,
    private readonly activity: ActivityLog,
  ) {}

  async issueRefund(request: RefundRequest): Promise<RefundOutcome> {
    if (!Number.isSafeInteger(request.amountCents) || request.amountCents <= 0) {
      throw new RangeError(
        `refund amountCents must be a positive integer, got ${request.amountCents}`,
      );
    }
    const candidate: RefundRecord = {
      refundId: refundIdOf(request.idempotencyKey),
      idempotencyKey: request.idempotencyKey,
      customerId: request.customerId,
      txnId: request.txnId,
      amountCents: request.amountCents,
      currency: request.currency,
      approvedBy: request.approvedBy,
      issuedAt: new Date().toISOString(),
      ...(request.checkpointId === undefined ? {} : { checkpointId: request.checkpointId }),
    };
    const { record, created } = await this.store.insertIfAbsent(candidate);
    await this.activity.record({
      kind: created ? "refund-issued" : "refund-replayed",
      refundId: record.refundId,
      idempotencyKey: record.idempotencyKey,
    });
    return { record, issuedNow: created };
  }

  /** Every refund the store holds (across processes when the store is shared). */
  async issuedRefunds(): Promise<RefundRecord[]> {
    return this.store.list();
  }
}
