import { InvalidConfigError } from "./errors/invalid-config-error.js";

/**
 * Parses a connection URL given as an option and checks its scheme. The refusal names the
 * option (`label`, `--redis` by default for field `redis`) but never the URL, which may carry
 * a password. Shared by the `checkpointkit` and `checkpointkit-browse` command lines.
 */
export function parseOptionUrl(
  url: string,
  field: string,
  protocols: readonly string[],
  label = `--${field}`,
): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidConfigError(`${label} is not a valid URL`, { field });
  }
  if (!protocols.includes(parsed.protocol)) {
    const schemes = protocols.map((protocol) => `${protocol}//`).join(" or ");
    throw new InvalidConfigError(`${label} must start with ${schemes}`, { field });
  }
  return parsed;
}
