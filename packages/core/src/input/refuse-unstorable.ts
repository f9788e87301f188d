import { InvalidConfigError } from "../errors/invalid-config-error.js";
import { findUnstorableValue } from "./unstorable-value.js";

/** Throws `InvalidConfigError` naming the first part of `value` the serializer cannot round-trip. */
export function refuseUnstorable(value: unknown, field: string): void {
  const found = findUnstorableValue(value, field);
  if (found === undefined) return;
  throw new InvalidConfigError(
    `${found.path} holds ${found.reason}, which the serializer cannot store and read back; nothing was written`,
    { field },
  );
}
