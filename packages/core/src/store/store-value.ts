import { InvalidConfigError } from "../errors/index.js";

export interface StoreValueRules {
  /** Refuse U+0000 in strings and property names (PostgreSQL's `jsonb` cannot hold it). */
  refuseNul?: boolean;
}

function refuse(reason: string): never {
  throw new InvalidConfigError(`value ${reason}`, { field: "value" });
}

function checkMember(member: unknown, rules: StoreValueRules): unknown {
  switch (typeof member) {
    case "string":
      if (rules.refuseNul && member.includes("\u0000")) {
        refuse("must not contain U+0000 (jsonb cannot store it)");
      }
      return member;
    case "number":
      if (!Number.isFinite(member)) refuse("must not contain NaN or Infinity");
      return member;
    case "bigint":
    case "function":
    case "symbol":
      return refuse(`must not contain a ${typeof member}`);
    case "object":
      if (rules.refuseNul && member !== null && !Array.isArray(member)) {
        for (const name of Object.keys(member)) {
          if (name.includes("\u0000")) refuse("property names must not contain U+0000");
        }
      }
      return member;
    default:
      return member;
  }
}

/**
 * Checks that a store item's `value` is a JSON object that survives a round trip unchanged
 * and returns its JSON text. `JSON.stringify` would silently turn NaN into null or drop a
 * function, so such values are refused before anything of the batch is written, never
 * stored altered. `undefined` properties are dropped as JSON drops them; a `Date` (or any
 * `toJSON`) is stored as its JSON form.
 */
export function serializeStoreValue(value: unknown, rules: StoreValueRules = {}): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    refuse("must be a JSON object (or null to delete)");
  }
  try {
    return JSON.stringify(value, (_key, member: unknown) => checkMember(member, rules));
  } catch (error) {
    if (InvalidConfigError.isInstance(error)) throw error;
    return refuse("cannot be serialized as JSON (a cycle?)");
  }
}
