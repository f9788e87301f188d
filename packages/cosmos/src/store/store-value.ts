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
 * The value as Cosmos DB will store it (its JSON form), or `InvalidConfigError` when JSON
 * would alter it: `JSON.stringify` silently turns NaN into null and drops functions, so
 * such values are refused before anything of the batch is written, never stored altered.
 */
export function storableValue(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    refuse("must be a JSON object (or null to delete)");
  }
  let text: string;
  try {
    text = JSON.stringify(value, (_key, member: unknown) => checkMember(member));
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) throw error;
    refuse("cannot be serialized as JSON (a cycle?)");
  }
  return JSON.parse(text) as Record<string, unknown>;
}
