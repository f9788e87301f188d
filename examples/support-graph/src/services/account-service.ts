import type { ActivityLog } from "./activity-log.js";

/** Sends password resets; stands in for the identity provider. */
export class AccountService {
  private resetsSent = 0;

  constructor(private readonly activity: ActivityLog) {}

  /** Sends a reset link to the customer's address on file and returns the ticket to quote. */
  async sendPasswordReset(customerId: string): Promise<{ resetTicket: string }> {
    this.resetsSent += 1;
    const resetTicket = `rst_${customerId}_${this.resetsSent}`;
    await this.activity.record({ kind: "password-reset-sent", customerId, resetTicket });
    return { resetTicket };
  }
}
