import { parseOptionUrl } from "@checkpointkit/core/internal";

/** A connection URL split into what the driver gets and the schema named in its query. */
export interface ConnectionUrl {
  /** The URL for the driver, without the `schema` query parameter. */
  driverUrl: string;
  /** `?schema=` of the URL, if any. */
  schema: string | undefined;
  /** The URL without its password, for messages and the state file. */
  display: string;
}

/** Parses a `--from`/`--to` URL; the message of a refusal never contains the URL. */
export function parseConnectionUrl(
  url: string,
  option: string,
  protocols: readonly string[],
): ConnectionUrl {
  const parsed = parseOptionUrl(url, option, protocols);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  // Untouched unless there was a schema to take out: the driver parses the URL its own way.
  const driverUrl = schema === undefined ? url : parsed.toString();
  parsed.password = "";
  return { driverUrl, schema, display: parsed.toString() };
}
