import { InvalidConfigError } from "../errors/index.js";

/**
 * Option names of the official LangGraph savers that mean something else here, each with
 * what to write instead. Ignoring them would be silent data loss of a different kind: with
 * the official `defaultTTL` ignored, keys never expire.
 */
export type ForeignOptionNames = Readonly<Record<string, string>>;

/**
 * Throws `InvalidConfigError` naming our option when `options` uses one of `names`; users
 * switching from an official saver pass their old options unchanged.
 */
export function refuseForeignOptionNames(
  options: object | undefined,
  names: ForeignOptionNames,
  saver: string,
): void {
  if (options === undefined || options === null) return;
  for (const [name, instead] of Object.entries(names)) {
    if (!Object.hasOwn(options, name)) continue;
    throw new InvalidConfigError(`${saver} has no option ${name}: did you mean ${instead}?`, {
      field: name,
    });
  }
}
