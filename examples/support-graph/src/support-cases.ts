import type { Ledger } from "./services/billing-service.js";

/** A customer request the demo runs; `caseId` prefixes the thread ids of its runs. */
export interface SupportCase {
  caseId: string;
  customerId: string;
  requestText: string;
}

/** The article's case: a $49.99 double charge and a locked-out customer. */
export const CASE_8842: SupportCase = {
  caseId: "case_8842",
  customerId: "cust_8842",
  requestText: "I was charged twice, and I still can't log in.",
};

/**
 * cust_8842 writes again about the same double charge: with long-term memory, the graph
 * finds case_8842's refund instead of refunding twice.
 */
export const CASE_8842_FOLLOW_UP: SupportCase = {
  caseId: "case_8842_follow_up",
  customerId: "cust_8842",
  requestText: "I see two Acme Streaming charges on my card, and I still can't log in.",
};

/** Same complaint, but the duplicate is $749: over the auto-approval limit. */
export const CASE_9107: SupportCase = {
  caseId: "case_9107",
  customerId: "cust_9107",
  requestText: "You charged me $749 twice for the annual plan, and my password no longer works.",
};

/** The billing system's view of the demo customers. */
export const DEMO_LEDGER: Ledger = {
  cust_8842: [
    {
      txnId: "txn_100",
      merchant: "Acme Streaming",
      amountCents: 4999,
      currency: "USD",
      bookedOn: "2026-05-28",
    },
    {
      txnId: "txn_101",
      merchant: "Acme Streaming",
      amountCents: 4999,
      currency: "USD",
      bookedOn: "2026-05-28",
    },
  ],
  cust_9107: [
    {
      txnId: "txn_200",
      merchant: "Acme Streaming",
      amountCents: 74900,
      currency: "USD",
      bookedOn: "2026-06-02",
    },
    {
      txnId: "txn_201",
      merchant: "Acme Streaming",
      amountCents: 74900,
      currency: "USD",
      bookedOn: "2026-06-02",
    },
  ],
};
