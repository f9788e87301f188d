import { DEMO_LEDGER } from "../support-cases.js";
import { AccountService } from "./account-service.js";
import { ActivityLog } from "./activity-log.js";
import { BillingService, type Ledger } from "./billing-service.js";
import { RefundService } from "./refund-service.js";
import { InMemoryRefundStore, type RefundStore } from "./refund-store.js";

/** Everything the nodes call. One instance per process run; the refund store may be shared. */
export interface SupportServices {
  billing: BillingService;
  account: AccountService;
  refunds: RefundService;
  activity: ActivityLog;
}

export interface SupportServicesOptions {
  /** @default DEMO_LEDGER */
  ledger?: Ledger;
  /** Share one store between processes to prove a refund happened once. @default a new InMemoryRefundStore */
  refundStore?: RefundStore;
}

export function createSupportServices(options: SupportServicesOptions = {}): SupportServices {
  const activity = new ActivityLog();
  return {
    activity,
    billing: new BillingService(options.ledger ?? DEMO_LEDGER, activity),
    account: new AccountService(activity),
    refunds: new RefundService(options.refundStore ?? new InMemoryRefundStore(), activity),
  };
}
