import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type { RoundTripCounter } from "../measure/round-trip-counter.js";
import type { BenchServers } from "../servers/bench-servers.js";

/** Semantic search settings a store is created with (the same fake model for every store). */
export interface BenchStoreIndex {
  dims: number;
  embed(texts: string[]): Promise<number[][]>;
  fields: string[];
}

/** One store over fresh, empty storage, instrumented to count its round trips. */
export interface BenchStore {
  store: BaseStore;
  counter: RoundTripCounter;
  /** Removes the storage `create()` made and closes the clients it opened. */
  dispose(): Promise<void>;
}

export interface StoreFactory {
  /**
   * A fresh store; with `index`, one that embeds and ranks by `query`. Throws
   * `SaverUnavailableError` when this store cannot search by meaning on this server.
   */
  create(index?: BenchStoreIndex): Promise<BenchStore>;
}

/** One store in the comparison, one file per store in `src/stores/`. */
export interface StorePlugin {
  /** Stable id in results.json; the official one shares the official saver's id, for ratios. */
  id: string;
  label: string;
  prepare(servers: BenchServers): Promise<StoreFactory>;
}
