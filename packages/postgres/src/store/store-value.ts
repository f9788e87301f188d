import { InvalidConfigError } from "@checkpointkit/core";

function refuse(reason: string): never {
  throw new InvalidConfigError(`value ${reason}`, { field: "value" });
}

/**
 * Checks that `value` survives a round trip through `jsonb` unchanged and returns its JSON
 * text. `jsonb` cannot hold U+0000, and `JSON.stringify` would silently turn a NaN into
 * null or drop a function, so such values are refused before anything is written, never
 * stored altered. `undefined` properties are dropped as JSON drops them; a `Date` (or any
 * `toJSON`) is stored as its JSON form.
 */
export function serializeItemValue(value: unknown): string {
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
  return text;
}

function checkMember(member: unknown): unknown {
  switch (typeof member) {
    case "string":
      if (member.includes("\u0000")) refuse("must not contain U+0000 (jsonb cannot store it)");
      return member;
    case "number":
      if (!Number.isFinite(member)) refuse("must not contain NaN or Infinity");
      return member;
    case "bigint":
    case "function":
    case "symbol":
      return refuse(`must not contain a ${typeof member}`);
    case "object":
      if (member !== null && !Array.isArray(member)) {
        for (const name of Object.keys(member)) {
          if (name.includes("\u0000")) refuse("property names must not contain U+0000");
        }
      }
      return member;
    default:
      return member;
  }
}
