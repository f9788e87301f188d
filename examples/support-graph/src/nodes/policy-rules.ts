/** Business rules of the policy node. */
export interface PolicyRules {
  /**
   * Duplicates up to this amount are refunded automatically; larger ones wait for a human
   * through `interrupt()`. In cents of the charge's currency.
   * @default 50000 ($500.00)
   */
  autoApprovalLimitCents: number;
}

export const DEFAULT_POLICY_RULES: PolicyRules = { autoApprovalLimitCents: 50_000 };
