import { InvalidConfigError } from "@checkpointkit/core";

function refuse(reason: string): never {
  throw new InvalidConfigError(`value ${reason}`, { field: "value" });
}

function checkMember(member: unknown): unknown {
  switch (typeof member) {
    case "number":
      if (!Number.isFinite(member)) refuse("must not contain NaN or Infinity");
      return member;
    case "bigint":
    case "function":
    case "symbol":
      return refuse(`must not contain a ${typeof member}`);
    default:
      return member;
  }
}

/**
 * Checks that `value` is a JSON object that survives a round trip unchanged and returns its
 * JSON text. `JSON.stringify` would silently drop a function or turn NaN into null, so such
 * values are refused before anything is written, never stored altered. A `Date` (or any
 * `toJSON`) is stored as its JSON form; lone surrogates are escaped by `JSON.stringify`.
 */
export function serializeItemValue(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    refuse("must be a JSON object (or null to delete)");
  }
  try {
    return JSON.stringify(value, (_key, member: unknown) => checkMember(member));
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) throw error;
    return refuse("cannot be serialized as JSON (a cycle?)");
  }
}
