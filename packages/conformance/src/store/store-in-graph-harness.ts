import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph-checkpoint";
import type { StoreIndexSpec } from "./store-harness.js";

/** The state of the spec's graph: a customer's request, and the earlier requests it recalls. */
export interface MemoryState {
  customer: string;
  request: string;
  recalled: string[];
}

/** A node as LangGraph calls it: the store the graph was compiled with is on its config. */
export type MemoryNode = (
  state: MemoryState,
  config: RunnableConfig & { store?: BaseStore },
) => Promise<Partial<MemoryState>>;

/** What the spec needs of a compiled graph. */
export interface CompiledMemoryGraph {
  invoke(input: Partial<MemoryState>, config: RunnableConfig): Promise<Record<string, unknown>>;
}

/** What the spec needs of a `StateGraph` while it builds one. */
export interface MemoryGraphBuilder {
  addNode(name: "remember", node: MemoryNode): MemoryGraphBuilder;
  addEdge(from: string, to: string): MemoryGraphBuilder;
  compile(parts: { checkpointer: BaseCheckpointSaver; store: BaseStore }): CompiledMemoryGraph;
}

/**
 * The parts of `@langchain/langgraph` the spec builds its graph with, passed in by the
 * backend's test file (`{ StateGraph, START, END }`): the conformance package does not depend
 * on LangGraph, and the graph runs on the LangGraph version the backend is tested with.
 */
export interface LangGraphBuilders {
  StateGraph: new (definition: {
    channels: { [channel in keyof MemoryState]: null };
  }) => MemoryGraphBuilder;
  START: string;
  END: string;
}

/** A saver and a store where one backend keeps them side by side, for one graph. */
export interface SaverAndStore<
  C extends BaseCheckpointSaver = BaseCheckpointSaver,
  S extends BaseStore = BaseStore,
> {
  checkpointer: C;
  store: S;
}

/** How the store-in-graph spec gets a saver and a store of one backend. */
export interface StoreInGraphHarness<
  C extends BaseCheckpointSaver = BaseCheckpointSaver,
  S extends BaseStore = BaseStore,
> {
  /** Shown in test output, e.g. `PostgresSaver + PostgresStore (one schema)`. */
  name: string;
  langGraph: LangGraphBuilders;
  /** A saver and a store over fresh, empty storage, the store searching with `index`. */
  create(index: StoreIndexSpec): Promise<SaverAndStore<C, S>>;
  /** Releases what `create` made (drop the schema or containers, ...). */
  destroy?(parts: SaverAndStore<C, S>): Promise<void>;
  /** Milliseconds `create` may take. @default 60000 */
  createTimeoutMs?: number;
}
