import type { DuplicateCharge, Transaction } from "../state.js";

function chargeIdentity(transaction: Transaction): string {
  return JSON.stringify([
    transaction.merchant,
    transaction.amountCents,
    transaction.currency,
    transaction.bookedOn,
  ]);
}

/**
 * The first charge that repeats an earlier one (same merchant, amount, currency and day),
 * or undefined. The earlier charge is the original; the later one is what gets refunded.
 */
export function findDuplicateCharge(
  transactions: readonly Transaction[],
): DuplicateCharge | undefined {
  const firstSeen = new Map<string, Transaction>();
  for (const transaction of transactions) {
    const identity = chargeIdentity(transaction);
    const original = firstSeen.get(identity);
    if (original !== undefined) {
      return {
        originalTxn: original.txnId,
        duplicateTxn: transaction.txnId,
        amountCents: transaction.amountCents,
        currency: transaction.currency,
        merchant: transaction.merchant,
      };
    }
    firstSeen.set(identity, transaction);
  }
  return undefined;
}
