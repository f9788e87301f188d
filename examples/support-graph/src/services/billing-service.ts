import type { Transaction } from "../state.js";
import type { ActivityLog } from "./activity-log.js";

/** Card transactions per customer id. */
export type Ledger = Readonly<Record<string, readonly Transaction[]>>;

/** Looks up a customer's charges; stands in for the billing system's API. */
export class BillingService {
  constructor(
    private readonly ledger: Ledger,
    private readonly activity: ActivityLog,
  ) {}

  /** The customer's charges, oldest first; empty for an unknown customer. */
  async fetchTransactions(customerId: string): Promise<Transaction[]> {
    await this.activity.record({ kind: "transactions-fetched", customerId });
    const transactions = this.ledger[customerId] ?? [];
    return transactions
      .map((transaction) => ({ ...transaction }))
      .sort((left, right) => left.bookedOn.localeCompare(right.bookedOn));
  }
}
