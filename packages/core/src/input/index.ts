export { assertCheckpointInput } from "./checkpoint-input.js";
export { type ForeignOptionNames, refuseForeignOptionNames } from "./foreign-option-names.js";
export { type ListScope, readListNamespace, readListScope } from "./list-config.js";
export { assertPendingWritesInput } from "./pending-writes-input.js";
export { refuseUnstorable } from "./refuse-unstorable.js";
export { findUnstorableValue, type UnstorableValue } from "./unstorable-value.js";
export { checkIdString, isWellFormedText, readThreadIdArgument } from "./well-formed-id.js";
