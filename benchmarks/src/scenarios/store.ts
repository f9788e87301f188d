import { performance } from "node:perf_hooks";
import type * as FakeEmbedding from "@checkpointkit/conformance/fake-embedding";
import type { BaseStore } from "@langchain/langgraph-checkpoint";
import { withTimeout } from "../measure/deadline.js";
import {
  type LatencySummary,
  medianOfRepetitions,
  summarizeLatencies,
} from "../measure/latency-summary.js";
import { finiteOrNull } from "../report/result-row.js";
import { SaverUnavailableError } from "../savers/saver-plugin.js";
import type { BenchServers } from "../servers/bench-servers.js";
import { ALL_STORE_PLUGINS } from "../stores/all-store-plugins.js";
import type { BenchStore, BenchStoreIndex, StorePlugin } from "../stores/store-plugin.js";
import type { Scenario, ScenarioContext } from "./scenario.js";

/** CommonJS TypeScript source: its names may sit on `default` (see conformance-servers.ts). */
async function loadFakeEmbedding(): Promise<typeof FakeEmbedding> {
  const loaded = (await import(
    "@checkpointkit/conformance/fake-embedding"
  )) as typeof FakeEmbedding & {
    default?: typeof FakeEmbedding;
  };
  return loaded.createFakeEmbedding === undefined ? (loaded.default ?? loaded) : loaded;
}

const NAMESPACE = ["bench", "tenant-1", "memories"];
const TOPICS = [
  "billing",
  "refund",
  "outage",
  "password",
  "shipping",
  "invoice",
  "policy",
  "login",
];
const FILL_BATCH = 250;
const DIMS = 64;
const WARMUP_ITERATIONS = 2;
/** Per item held: `--store-items` may grow the fill far past what `cellTimeoutMs` was sized for. */
const BUDGET_PER_ITEM_MS = 20;

function itemValue(index: number, version = 0): Record<string, unknown> {
  const topic = TOPICS[index % TOPICS.length]!;
  return {
    text: `customer note ${index}: a question about ${topic}, ticket ${index * 7} (v${version})`,
    topic,
    rank: index,
    tags: [topic, `group-${index % 50}`],
  };
}

async function fill(store: BaseStore, items: number): Promise<number> {
  const start = performance.now();
  for (let first = 0; first < items; first += FILL_BATCH) {
    const count = Math.min(FILL_BATCH, items - first);
    await store.batch(
      Array.from({ length: count }, (_, offset) => ({
        namespace: NAMESPACE,
        key: `m${first + offset}`,
        value: itemValue(first + offset),
      })),
    );
  }
  return (items * 1000) / (performance.now() - start);
}

/** One timed call; `items` is how many the store holds, so keys stay inside the fill. */
type Operation = (store: BaseStore, iteration: number, items: number) => Promise<unknown>;

const PLAIN_OPERATIONS: ReadonlyArray<[string, Operation]> = [
  [
    "put",
    (store, iteration, items) =>
      store.put(NAMESPACE, `m${(iteration * 37) % items}`, itemValue(iteration, 1)),
  ],
  [
    "get",
    async (store, iteration, items) => {
      if ((await store.get(NAMESPACE, `m${(iteration * 41) % items}`)) === null) {
        throw new Error("no item");
      }
    },
  ],
  [
    "search (filter, limit 10)",
    async (store, iteration) => {
      const topic = TOPICS[iteration % TOPICS.length]!;
      const found = await store.search(NAMESPACE, { filter: { topic }, limit: 10 });
      if (found.length !== 10) throw new Error(`search found ${found.length} items`);
    },
  ],
];

const QUERY_OPERATION: [string, Operation] = [
  "search (query, limit 10)",
  async (store, iteration) => {
    const topic = TOPICS[iteration % TOPICS.length]!;
    const found = await store.search(NAMESPACE, { query: `question about ${topic}`, limit: 10 });
    if (found.length !== 10) throw new Error(`search found ${found.length} items`);
  },
];

async function measure(
  bench: BenchStore,
  operation: Operation,
  iterations: number,
  repetitions: number,
  items: number,
): Promise<LatencySummary> {
  for (let iteration = 0; iteration < WARMUP_ITERATIONS; iteration++) {
    await operation(bench.store, iteration, items);
  }
  const summaries: LatencySummary[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const latencies: number[] = [];
    bench.counter.reset();
    const start = performance.now();
    for (let iteration = 0; iteration < iterations; iteration++) {
      const began = performance.now();
      await operation(bench.store, repetition * iterations + iteration, items);
      latencies.push(performance.now() - began);
    }
    summaries.push(
      summarizeLatencies(latencies, performance.now() - start, bench.counter.roundTrips),
    );
  }
  return medianOfRepetitions(summaries);
}

/** Fills one store, times its operations and adds one row per operation. */
async function runOneStore(
  context: ScenarioContext,
  plugin: StorePlugin,
  create: () => Promise<BenchStore>,
  operations: ReadonlyArray<[string, Operation]>,
  iterations: number,
): Promise<void> {
  const { options } = context;
  const bench = await create();
  try {
    const fillItemsPerSecond = await fill(bench.store, options.storeItems);
    for (const [name, operation] of operations) {
      const summary = await measure(
        bench,
        operation,
        iterations,
        options.repetitions,
        options.storeItems,
      );
      context.results.addRow({
        scenarioId: storeScenario.id,
        scenario: storeScenario.title,
        variant: `${options.storeItems} items in one namespace`,
        operation: name,
        subjectId: plugin.id,
        subjectLabel: plugin.label,
        subjectKind: "saver",
        p50Ms: finiteOrNull(summary.p50Ms),
        p99Ms: finiteOrNull(summary.p99Ms),
        opsPerSecond: finiteOrNull(summary.opsPerSecond),
        roundTripsPerOp: finiteOrNull(summary.roundTripsPerOp),
        extra: { fillItemsPerSecond: finiteOrNull(fillItemsPerSecond) },
      });
    }
  } finally {
    await bench.dispose();
  }
}

function note(context: ScenarioContext, plugin: StorePlugin, variant: string, error: unknown) {
  const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  context.log(`store: ${plugin.label} (${variant}): ${reason}`);
  context.results.addNote({
    scenarioId: storeScenario.id,
    variant,
    subjectLabel: plugin.label,
    note: error instanceof SaverUnavailableError ? `unavailable: ${reason}` : `failed: ${reason}`,
  });
}

async function runStores(context: ScenarioContext, servers: BenchServers): Promise<void> {
  const { options } = context;
  const embedding = (await loadFakeEmbedding()).createFakeEmbedding(DIMS);
  const index: BenchStoreIndex = {
    dims: DIMS,
    embed: (texts) => embedding.embed(texts),
    fields: ["text"],
  };
  const selected = ALL_STORE_PLUGINS.filter(
    (plugin) =>
      options.saverFilters.length === 0 ||
      options.saverFilters.some((filter) => plugin.id.includes(filter)),
  );
  for (const plugin of selected) {
    let factory: Awaited<ReturnType<StorePlugin["prepare"]>>;
    try {
      factory = await plugin.prepare(servers);
    } catch (error) {
      note(context, plugin, "all", error);
      continue;
    }
    for (const [variant, create, operations, iterations] of [
      ["plain", () => factory.create(), PLAIN_OPERATIONS, options.storeOperations],
      ["indexed", () => factory.create(index), [QUERY_OPERATION], options.storeSearches],
    ] as const) {
      context.log(`store: ${plugin.label}, ${variant}, ${options.storeItems} items`);
      try {
        await withTimeout(
          `store ${plugin.label} ${variant}`,
          Math.max(options.cellTimeoutMs, options.storeItems * BUDGET_PER_ITEM_MS),
          runOneStore(context, plugin, create, operations, iterations),
        );
      } catch (error) {
        note(context, plugin, `${options.storeItems} items, ${variant}`, error);
      }
    }
  }
}

export const storeScenario: Scenario = {
  id: "store",
  title: "store. LangGraph store (BaseStore): put, get, search",
  measures:
    "Each store (the Cosmos one on the in-process server: read its request counts) is filled with 10,000 items (about 200 bytes, batches of 250) in one namespace, " +
    "then times `put` (replace an item), `get`, `search` with a filter (`topic`, 1 in 8 items " +
    "match, newest 10) and, on a second store created with an `index` (64-dim deterministic " +
    "fake embeddings of `text`), `search` by `query` (top 10 by cosine). The official " +
    "PostgresStore searches by meaning only with pgvector, which the embedded PostgreSQL lacks.",
  run: async (context) => {
    if (context.servers === undefined) throw new Error("the store scenario needs the servers");
    await runStores(context, context.servers);
  },
};
