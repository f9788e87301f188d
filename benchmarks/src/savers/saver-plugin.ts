import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { RoundTripCounter } from "../measure/round-trip-counter.js";
import type { BenchServers } from "../servers/bench-servers.js";
import type { TieredHooks } from "./tiered-hooks.js";

/** The backend whose raw floor a saver is compared with. */
export type FloorBackend = "redis" | "postgres" | "cosmos";

/** One saver over fresh, empty storage, instrumented to count its round trips. */
export interface BenchSaver {
  saver: BaseCheckpointSaver;
  counter: RoundTripCounter;
  /** Only tiered savers: how the tiered scenario drives the flusher. */
  tiered?: TieredHooks;
  /** Removes the storage `create()` made and closes the clients it opened. */
  dispose(): Promise<void>;
}

/**
 * Saver options a scenario may turn on, passed through to the saver's constructor. Savers
 * without the option (LangGraph's) ignore it; the scenario that sets it measures only those
 * that have it.
 */
export interface SaverVariantOptions {
  /** `"optimistic"`: a put whose parent is not the thread's latest is refused. */
  concurrency?: "optimistic";
}

/** Makes savers of one kind; returned by a plugin once its package loaded and its server is up. */
export interface SaverFactory {
  create(variantOptions?: SaverVariantOptions): Promise<BenchSaver>;
}

/**
 * One saver in the comparison, one file per saver in `src/savers/`. `prepare` loads the
 * implementation and checks its server; it throws `SaverUnavailableError` with a one-line
 * reason ("not built yet", "no PostgreSQL server") when the saver cannot run, and the report
 * says so instead of failing the run.
 */
export interface SaverPlugin {
  /** Stable id used in results.json and `--saver`, e.g. `checkpointkit-redis`. */
  id: string;
  /** Shown in the report, e.g. `checkpointkit RedisSaver`. */
  label: string;
  /** Raw floor this saver's figures are divided by; none for the in-memory saver. */
  floorBackend?: FloorBackend;
  /** The saver every other one is compared with (the official PostgresSaver). */
  isOfficialReference?: boolean;
  prepare(servers: BenchServers): Promise<SaverFactory>;
}

/** Why a saver is left out of this run; its message is the report's one-line reason. */
export class SaverUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "SaverUnavailableError";
  }
}
