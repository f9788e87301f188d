import { InvalidConfigError } from "@checkpointkit/core";

export function requirePositiveInteger(value: number, field: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidConfigError(`${field} must be a positive integer, got ${value}`, { field });
  }
}
