import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refundIdempotencyKey } from "../src/nodes/refund-idempotency-key.js";
import { ActivityLog } from "../src/services/activity-log.js";
import { findDuplicateCharge } from "../src/services/duplicate-charge.js";
import { FileRefundStore } from "../src/services/file-refund-store.js";
import { formatMoney } from "../src/services/money.js";
import { RefundService } from "../src/services/refund-service.js";
import { InMemoryRefundStore, type RefundStore } from "../src/services/refund-store.js";
import type { DuplicateCharge, Transaction } from "../src/state.js";
import { DEMO_LEDGER } from "../src/support-cases.js";

function charge(txnId: string, amountCents: number, bookedOn = "2026-05-28"): Transaction {
  return { txnId, merchant: "Acme Streaming", amountCents, currency: "USD", bookedOn };
}

describe("findDuplicateCharge", () => {
  it("flags case_8842's txn_101 as a duplicate of txn_100", () => {
    expect(findDuplicateCharge(DEMO_LEDGER.cust_8842 ?? [])).toMatchObject({
      originalTxn: "txn_100",
      duplicateTxn: "txn_101",
      amountCents: 4999,
    });
  });

  it("does not pair charges that differ in amount, day or merchant", () => {
    expect(findDuplicateCharge([charge("a", 4999), charge("b", 4998)])).toBeUndefined();
    expect(
      findDuplicateCharge([charge("a", 4999), charge("b", 4999, "2026-05-29")]),
    ).toBeUndefined();
    expect(
      findDuplicateCharge([charge("a", 4999), { ...charge("b", 4999), merchant: "Other" }]),
    ).toBeUndefined();
  });
});

describe("formatMoney", () => {
  it("formats integer cents", () => {
    expect(formatMoney(4999, "USD")).toBe("$49.99");
    expect(formatMoney(74_900, "USD")).toBe("$749.00");
    expect(formatMoney(5, "USD")).toBe("$0.05");
    expect(formatMoney(-150, "USD")).toBe("-$1.50");
  });

  it("rejects fractional cents", () => {
    expect(() => formatMoney(49.99, "USD")).toThrow(RangeError);
  });
});

describe("refundIdempotencyKey", () => {
  const duplicate: DuplicateCharge = {
    originalTxn: "txn_100",
    duplicateTxn: "txn_101",
    amountCents: 4999,
    currency: "USD",
    merchant: "Acme Streaming",
  };

  it("is the same for every run of one case and differs between cases", () => {
    expect(refundIdempotencyKey("case_8842", duplicate)).toBe(
      refundIdempotencyKey("case_8842", duplicate),
    );
    expect(refundIdempotencyKey("case_8842", duplicate)).not.toBe(
      refundIdempotencyKey("case_8843", duplicate),
    );
  });

  it("cannot be forged by a thread id containing the separator", () => {
    const forged = refundIdempotencyKey("case:txn_101", { ...duplicate, duplicateTxn: "x" });
    expect(forged).not.toBe(
      refundIdempotencyKey("case", { ...duplicate, duplicateTxn: "txn_101:x" }),
    );
  });
});

describe.each<[string, () => Promise<{ store: () => RefundStore; cleanup: () => Promise<void> }>]>([
  [
    "InMemoryRefundStore",
    async () => {
      const shared = new InMemoryRefundStore();
      return { store: () => shared, cleanup: async () => {} };
    },
  ],
  [
    "FileRefundStore",
    async () => {
      const directory = await mkdtemp(join(tmpdir(), "refund-store-test-"));
      // A new instance per caller, as separate processes would have.
      return {
        store: () => new FileRefundStore(directory),
        cleanup: () => rm(directory, { recursive: true, force: true }),
      };
    },
  ],
])("RefundService on %s", (_name, makeStore) => {
  it("pays once per key, even when the same refund is requested concurrently", async () => {
    const { store, cleanup } = await makeStore();
    try {
      const activity = new ActivityLog();
      const request = {
        idempotencyKey: "refund:case_8842:txn_101",
        customerId: "cust_8842",
        txnId: "txn_101",
        amountCents: 4999,
        currency: "USD" as const,
        approvedBy: "policy-engine",
      };
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => new RefundService(store(), activity).issueRefund(request)),
      );
      expect(outcomes.filter((outcome) => outcome.issuedNow)).toHaveLength(1);
      expect(new Set(outcomes.map((outcome) => outcome.record.refundId)).size).toBe(1);
      expect(activity.count("refund-issued")).toBe(1);
      expect(activity.count("refund-replayed")).toBe(7);
      const other = await new RefundService(store(), activity).issueRefund({
        ...request,
        idempotencyKey: "refund:case_9107:txn_201",
      });
      expect(other.issuedNow).toBe(true);
      expect(await store().list()).toHaveLength(2);
    } finally {
      await cleanup();
    }
  });

  it("refuses amounts that are not positive whole cents", async () => {
    const { store, cleanup } = await makeStore();
    try {
      const service = new RefundService(store(), new ActivityLog());
      const request = {
        idempotencyKey: "k",
        customerId: "c",
        txnId: "t",
        currency: "USD" as const,
        approvedBy: "p",
      };
      await expect(service.issueRefund({ ...request, amountCents: 0 })).rejects.toThrow(RangeError);
      await expect(service.issueRefund({ ...request, amountCents: 49.99 })).rejects.toThrow(
        RangeError,
      );
      expect(await store().list()).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});
