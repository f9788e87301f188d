export { UNRESOLVABLE_HOST } from "./arranged-fault.js";
export { describeFaultMatrix, type FaultMatrixOptions } from "./describe-fault-matrix.js";
export { deadlineBoundMs, giveUpAfterMs, recoveryWindowMs } from "./fault-deadline.js";
export {
  FAULT_OPERATIONS,
  type FaultEndpoint,
  type FaultHarness,
  type FaultName,
  type FaultOperationName,
} from "./fault-harness.js";
export { FAULT_MATRIX_REPORT_ENV } from "./fault-matrix-report.js";
export { dropPostgresSchema, PostgresFaultUrls } from "./postgres-fault-urls.js";
