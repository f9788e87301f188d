import { InvalidConfigError } from "./errors/invalid-config-error.js";

/**
 * The checks every saver runs on its numeric and callback options, written once so each
 * refuses the same values with the same message. `undefined` (an option left out) passes.
 */
export function requirePositiveInteger(value: unknown, field: string): void {
  if (value === undefined) return;
  if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) {
    throw new InvalidConfigError(`${field} must be a positive integer, got ${String(value)}`, {
      field,
    });
  }
}

/** A callback option (`onCorruptRecord`, `onBackgroundError`): a function or left out. */
export function requireFunction(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw new InvalidConfigError(`${field} must be a function`, { field });
  }
}
