import { InvalidConfigError } from "@checkpointkit/core";

export function requirePositiveInteger(value: number, field: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidConfigError(`${field} must be a positive integer, got ${value}`, { field });
  }
}

/** A thread id passed as an argument (not in a config); numbers are accepted like in configs. */
export function threadIdArgument(value: unknown, field: string): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw new InvalidConfigError(`${field} must be a string, got ${typeof value}`, { field });
}
