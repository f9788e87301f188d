import type { ChannelVersions } from "@langchain/langgraph-checkpoint";

/** Version 1 and "1" must not share a stored value, so the token records the type. */
export function versionToken(version: ChannelVersions[string]): string {
  return typeof version === "number" ? `n${version}` : `s${version}`;
}

/**
 * Reverses `versionToken`: `n5` is the number 5, `s5` the string "5". Undefined for a
 * token `versionToken` cannot have written.
 */
export function versionFromToken(token: string): ChannelVersions[string] | undefined {
  if (token.startsWith("n")) return Number(token.slice(1));
  if (token.startsWith("s")) return token.slice(1);
  return undefined;
}
