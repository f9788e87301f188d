import { InvalidConfigError } from "../errors/invalid-config-error.js";

/**
 * Any string is a valid id except one with a lone UTF-16 surrogate: UTF-8 (Redis keys,
 * PostgreSQL text, Cosmos item ids and URLs) cannot represent it, so each backend would store
 * a different string than the one given, or fail half-way. Every saver refuses it up front.
 */
export function isWellFormedText(text: string): boolean {
  // ES2024's String#isWellFormed is in Node.js 20; the project's TypeScript lib predates it.
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Returns `value` when it is a string every backend can store exactly; throws otherwise. */
export function checkIdString(value: unknown, field: string): string {
  if (typeof value !== "string") {
    throw new InvalidConfigError(`${field} must be a string, got ${describeType(value)}`, {
      field,
    });
  }
  if (!isWellFormedText(value)) {
    throw new InvalidConfigError(
      `${field} contains a lone UTF-16 surrogate, which no backend can store exactly`,
      { field },
    );
  }
  return value;
}

/**
 * Thread ids are strings, but LangGraph users often pass numbers (`thread_id: 1`): a finite
 * number is read as its decimal string, as every saver did before. Anything else (`undefined`,
 * `null`, an object) would otherwise be stringified into a real thread id such as
 * `"undefined"`, so it is refused.
 */
export function readThreadIdArgument(value: unknown, field: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return checkIdString(value, field);
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
