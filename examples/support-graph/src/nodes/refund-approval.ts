import type { DuplicateCharge } from "../state.js";

/** What the policy node shows the human reviewer when it pauses (the `interrupt()` value). */
export interface RefundApprovalRequest {
  kind: "refund-approval";
  customerId: string;
  duplicateCharge: DuplicateCharge;
  autoApprovalLimitCents: number;
  question: string;
}

/** What the reviewer answers: `new Command({ resume: { approved: true, approver: "..." } })`. */
export interface RefundApproval {
  approved: boolean;
  approver: string;
  note?: string;
}

/** Checks the resume value, which comes from outside the graph (a UI, an API call). */
export function parseRefundApproval(answer: unknown): RefundApproval {
  const candidate = answer as Partial<RefundApproval> | null | undefined;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof candidate.approved !== "boolean" ||
    typeof candidate.approver !== "string" ||
    candidate.approver.trim() === ""
  ) {
    throw new TypeError(
      "resume the refund approval with { approved: boolean, approver: non-empty string }",
    );
  }
  return {
    approved: candidate.approved,
    approver: candidate.approver,
    ...(typeof candidate.note === "string" ? { note: candidate.note } : {}),
  };
}
