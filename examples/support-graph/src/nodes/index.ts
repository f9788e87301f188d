export * from "./account-node.js";
export * from "./billing-node.js";
export * from "./policy-node.js";
export * from "./policy-rules.js";
export * from "./refund-approval.js";
export * from "./refund-idempotency-key.js";
export * from "./response-node.js";
