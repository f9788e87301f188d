import type { BaseMessage } from "@langchain/core/messages";
import { Annotation, messagesStateReducer } from "@langchain/langgraph";

/** ISO 4217 code; the demo's ledger only holds USD. */
export type CurrencyCode = "USD";

/** One card charge as the billing service reports it. Money is in integer cents. */
export interface Transaction {
  txnId: string;
  merchant: string;
  amountCents: number;
  currency: CurrencyCode;
  /** ISO date (`YYYY-MM-DD`) the charge was booked. */
  bookedOn: string;
}

/** Two charges for the same merchant, amount and day: the second one is the duplicate. */
export interface DuplicateCharge {
  originalTxn: string;
  duplicateTxn: string;
  amountCents: number;
  currency: CurrencyCode;
  merchant: string;
}

/** What the billing node found. */
export interface BillingResult {
  transactions: Transaction[];
  /** Absent when no two charges match. */
  duplicateCharge?: DuplicateCharge;
}

/** What the account node did. */
export interface AccountResult {
  resetSent: boolean;
  /** Ticket of the password-reset email, to quote to the customer. */
  resetTicket?: string;
}

/** What the policy node decided about the money. */
export interface PolicyDecision {
  /**
   * `refund`: the duplicate was refunded. `escalate`: a human reviewer did not approve the
   * refund, so a billing specialist takes the case (no money moved). `deny`: nothing to refund.
   */
  action: "refund" | "escalate" | "deny";
  reason: string;
  /** True when the amount was over the auto-approval limit and a human was asked. */
  humanReviewed: boolean;
  /** `policy-engine` for automatic approvals, otherwise the human approver's name. */
  approvedBy?: string;
  refundId?: string;
  /** The idempotency key the refund was issued under. */
  refundIdempotencyKey?: string;
  /** The checkpoint the policy task ran from (its parent checkpoint), kept for the audit. */
  decidedAtCheckpointId?: string;
  /**
   * Set when the graph runs with a store and an earlier case of the customer already
   * refunded this charge: that case's thread (`refundId` is its refund; no new one issued).
   */
  earlierCaseThreadId?: string;
}

/** Names of the graph's nodes, in the order the workflow reaches them. */
export const SUPPORT_NODES = ["billing", "account", "policy", "response"] as const;
export type SupportNodeName = (typeof SUPPORT_NODES)[number];

/** Replaces the previous value: each result has exactly one writer node. */
function lastValue<T>(defaultValue: () => T) {
  return Annotation<T>({ reducer: (_previous, next) => next, default: defaultValue });
}

/**
 * The workflow state of one support case. Each node owns one result field (named `<node>Result`/`policyDecision`: LangGraph forbids a state key with a node's name), so the two
 * parallel nodes (billing, account) never write the same key; `completedSteps` and
 * `messages` are the only fields several nodes append to, through their reducers.
 */
export const SupportState = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  customerId: lastValue<string>(() => ""),
  requestText: lastValue<string>(() => ""),
  billingResult: lastValue<BillingResult | undefined>(() => undefined),
  accountResult: lastValue<AccountResult | undefined>(() => undefined),
  policyDecision: lastValue<PolicyDecision | undefined>(() => undefined),
  /** The node that wrote last; with parallel nodes, the one listed last in that superstep. */
  currentStep: lastValue<string>(() => "intake"),
  /** Appends: billing and account both add their name in the same superstep. */
  completedSteps: Annotation<string[]>({
    reducer: (previous, next) => previous.concat(next),
    default: () => [],
  }),
  finalResponse: lastValue<string | undefined>(() => undefined),
  error: lastValue<string | undefined>(() => undefined),
});

export type SupportStateValues = typeof SupportState.State;
export type SupportStateUpdate = typeof SupportState.Update;
