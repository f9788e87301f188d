export { type BackendName, BackendUnavailableError } from "./backend-unavailable-error.js";
export { CheckpointConflictError } from "./checkpoint-conflict-error.js";
export {
  CheckpointKitError,
  type CheckpointKitErrorName,
  type CheckpointKitErrorOptions,
} from "./checkpointkit-error.js";
export { CorruptCheckpointError } from "./corrupt-checkpoint-error.js";
export { InvalidConfigError } from "./invalid-config-error.js";
export { PayloadTooLargeError } from "./payload-too-large-error.js";
export { redactSecrets } from "./redact-secrets.js";
export { SanitizedCause, sanitizeCause } from "./sanitize-cause.js";
