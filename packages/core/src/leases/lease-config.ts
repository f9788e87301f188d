import type { RunnableConfig } from "@langchain/core/runnables";
import { InvalidConfigError } from "../errors/invalid-config-error.js";

/**
 * The `configurable` key that carries a run's lease token to the saver. LangGraph copies the
 * run's whole `configurable` into the config of every `put` and `putWrites` it makes — root
 * graph, subgraphs and `Send` tasks alike — so a token set once on `invoke`/`stream` reaches
 * every write of the run.
 */
export const LEASE_TOKEN_KEY = "checkpointkit_lease_token";

/**
 * The `configurable` key that lets one run fork on purpose under `concurrency: "optimistic"`
 * (time travel, `updateState` on an older checkpoint): its puts may name any parent.
 */
export const ALLOW_FORK_KEY = "checkpointkit_allow_fork";

/** The lease token a write's config carries, or undefined when it carries none. */
export function readLeaseToken(config: RunnableConfig): string | undefined {
  const token = config?.configurable?.[LEASE_TOKEN_KEY];
  if (token === undefined || token === null) return undefined;
  if (typeof token !== "string" || token === "") {
    throw new InvalidConfigError(`configurable.${LEASE_TOKEN_KEY} must be a non-empty string`, {
      field: `configurable.${LEASE_TOKEN_KEY}`,
    });
  }
  return token;
}

/** True when the write's config asks to fork on purpose (see `ALLOW_FORK_KEY`). */
export function readAllowFork(config: RunnableConfig): boolean {
  return config?.configurable?.[ALLOW_FORK_KEY] === true;
}

/** `config` with the lease token set in `configurable` (other keys kept). */
export function withLeaseToken(config: RunnableConfig, token: string): RunnableConfig {
  return { ...config, configurable: { ...config.configurable, [LEASE_TOKEN_KEY]: token } };
}
