/**
 * Settings that can be handed to a worker thread: what structured clone carries unchanged
 * (strings, numbers, booleans, null, arrays, plain objects, byte arrays). Anything else
 * (a function, a class instance such as a socket factory or a credential object) cannot
 * cross the thread boundary with its meaning intact.
 */
export type PlainSettings = Record<string, unknown>;

/** Why settings could not be copied: names the field, never its value. */
export interface SettingsRefusal {
  refused: string;
}

/**
 * Copies `settings` with only plain data. `droppable` names top-level fields whose function
 * values are dropped (the library's own defaults stand in for them in the copy); any other
 * field that is not plain data refuses the whole copy.
 */
export function copyPlainSettings(
  settings: Record<string, unknown>,
  droppable: ReadonlySet<string>,
): { settings: PlainSettings } | SettingsRefusal {
  const copy: PlainSettings = {};
  for (const [field, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (typeof value === "function" && droppable.has(field)) continue;
    if (!isPlain(value)) return { refused: `its \`${field}\` setting is not plain data` };
    copy[field] = value;
  }
  return { settings: copy };
}

function isPlain(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.every(isPlain);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value as object).every((field) => field === undefined || isPlain(field));
}
