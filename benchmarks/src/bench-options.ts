import { resolve } from "node:path";

/**
 * What one `pnpm bench` run measures and for how long. `--quick` shrinks every count so the
 * whole run fits in CI as a smoke test; the numbers it prints are not meant to be quoted.
 */
export interface BenchOptions {
  /** Smoke-test mode: every count below is cut down. @default false */
  quick: boolean;
  /** Iterations run before measuring, per saver and scenario variant. @default 30 (quick: 3) */
  warmupIterations: number;
  /** Measured repetitions; each figure reported is the median over them. @default 5 (quick: 2) */
  repetitions: number;
  /** Operation-loop iterations per repetition for the 1 KB and 5 KB states. @default 100 (quick: 10) */
  loopIterations: number;
  /** Operation-loop iterations per repetition for the 500 KB state. @default 20 (quick: 3) */
  largeLoopIterations: number;
  /** Warm-up iterations of the costly variants (500 KB loop, list, delta history, support graph). @default 5 (quick: 1) */
  costlyWarmupIterations: number;
  /** Checkpoints in the thread that `list` reads. @default 1000 (quick: 60) */
  listCheckpoints: number;
  /** `limit` of the "first page" `list` call. @default 20 */
  listPageSize: number;
  /** First-page `list` calls per repetition. @default 20 (quick: 5) */
  listFirstPageIterations: number;
  /** Whole-history `list` reads per repetition. @default 1 */
  listAllPagesIterations: number;
  /** `getDeltaChannelHistory` calls per repetition. @default 20 (quick: 3) */
  deltaIterations: number;
  /** Ancestors `getDeltaChannelHistory` walks. @default 50 (quick: 5) */
  deltaDepth: number;
  /** Threads the support graph runs, per concurrency level. @default 200 (quick: 8) */
  supportGraphThreads: number;
  /** Concurrency levels of the support-graph scenario. @default [1, 32] (quick: [1, 4]) */
  supportGraphConcurrencies: number[];
  /** Repetitions of the support-graph scenario, each running every thread. @default 3 (quick: 1) */
  supportGraphRepetitions: number;
  /**
   * Longest one support-graph repetition may run for one saver; a saver too slow to finish its
   * threads in time stops starting new ones and is measured on those it ran (with a note).
   * @default 20000 (quick: 5000)
   */
  supportGraphRepetitionBudgetMs: number;
  /** Checkpoints written while watching RSS. @default 100000 (quick: 500) */
  memoryCheckpoints: number;
  /** Puts in flight at once while filling the memory scenario. @default 16 */
  memoryConcurrency: number;
  /** Longest the memory scenario writes into one saver; it reports how many it got to. @default 45000 (quick: 2000) */
  memoryTimeBudgetMs: number;
  /** Checkpoints written before timing the tiered flush. @default 2000 (quick: 50) */
  tieredFlushCheckpoints: number;
  /** Put rate held during the tiered flush-lag measurement, per second. @default 500 */
  tieredSteadyPutsPerSecond: number;
  /** How long the steady put rate is held, in milliseconds. @default 10000 (quick: 1000) */
  tieredSteadyDurationMs: number;
  /** Runs in flight at each level of the concurrency scenario. @default [1, 16, 64] (quick: [1, 4]) */
  concurrencyLevels: number[];
  /** Threads run per level of the concurrency scenario (at least the level itself). @default 192 (quick: 4) */
  concurrencyThreadsPerLevel: number;
  /** Repetitions of each concurrency level. @default 3 (quick: 1) */
  concurrencyRepetitions: number;
  /** Thread sizes, in checkpoints, at which growth times `put` and `getTuple`. @default [1000, 10000, 100000] (quick: [100, 300, 1000]) */
  growthCheckpoints: number[];
  /** Operations timed per operation and size in the growth scenario. @default 50 (quick: 5) */
  growthSampleOperations: number;
  /** Longest growth spends timing one operation at one size; fewer samples are taken past it (the row says how many). @default 10000 (quick: 1000) */
  growthSampleBudgetMs: number;
  /** Puts in flight while growth fills a thread or the many-thread store. @default 16 */
  growthFillConcurrency: number;
  /** Longest growth spends filling the one thread, per saver; larger sizes are skipped with a note. @default 150000 (quick: 2000) */
  growthFillBudgetMs: number;
  /** Store sizes, in threads, at which growth times the global `list` and `prune`. @default [1000, 10000, 100000] (quick: [10, 30, 100]) */
  growthThreads: number[];
  /** Checkpoints each thread holds when `list` and `prune` are timed: `prune({ keepLatest: 1 })` deletes all but one. @default 2 */
  growthCheckpointsPerThread: number;
  /** Longest growth spends filling the many-thread store, per saver; larger sizes are skipped with a note. @default 150000 (quick: 3000) */
  growthManyThreadsFillBudgetMs: number;
  /**
   * Longest one `prune` over the many-thread store is expected to take: prune is one call that
   * cannot be cut short, so it is skipped at a size where the previous size's prune time,
   * scaled by the thread count, would exceed this. @default 120000 (quick: 5000)
   */
  growthPruneBudgetMs: number;
  /** Items each store holds in the store section. @default 10000 (quick: 100) */
  storeItems: number;
  /** Timed `put`, `get` and filtered `search` calls per repetition of the store section. @default 100 (quick: 5) */
  storeOperations: number;
  /** Timed `search` by `query` calls per repetition of the store section. @default 20 (quick: 3) */
  storeSearches: number;
  /** Interleaved rounds of the run safety section; each round runs every variant once per saver. @default 30 (quick: 3) */
  safetyRounds: number;
  /** Timed steps per variant and round in the run safety section. @default 40 (quick: 5) */
  safetyStepsPerRound: number;
  /** Untimed steps per saver and variant before the first round of the run safety section. @default 30 (quick: 3) */
  safetyWarmupSteps: number;
  /** Longest one scenario may take for one saver before it is abandoned as timed out. @default 180000 (quick: 10000) */
  cellTimeoutMs: number;
  /** Longest the whole run may take; past it the report is written with what finished. @default 2400000 (quick: 90000) */
  runDeadlineMs: number;
  /** Rebuild checkpointkit packages whose dist is missing or older than their src. @default true */
  buildPackages: boolean;
  /** Only these scenario ids (a..f, concurrency, growth, store, safety); empty means all. @default [] */
  scenarioIds: string[];
  /** Only savers whose id contains one of these strings; empty means all. @default [] */
  saverFilters: string[];
  /**
   * Where RESULTS.md, results.json and charts/ go (`--out`), e.g. to measure one section at
   * full settings without replacing the committed full results.
   * @default undefined: `benchmarks/` (quick: `benchmarks/quick/`)
   */
  outputDirectory?: string;
}

const FULL: BenchOptions = {
  quick: false,
  warmupIterations: 30,
  repetitions: 5,
  loopIterations: 100,
  largeLoopIterations: 20,
  costlyWarmupIterations: 5,
  listCheckpoints: 1000,
  listPageSize: 20,
  listFirstPageIterations: 20,
  listAllPagesIterations: 1,
  deltaDepth: 50,
  deltaIterations: 20,
  supportGraphThreads: 200,
  supportGraphConcurrencies: [1, 32],
  supportGraphRepetitions: 3,
  supportGraphRepetitionBudgetMs: 20_000,
  memoryCheckpoints: 100_000,
  memoryConcurrency: 16,
  memoryTimeBudgetMs: 45_000,
  tieredFlushCheckpoints: 2000,
  tieredSteadyPutsPerSecond: 500,
  tieredSteadyDurationMs: 10_000,
  concurrencyLevels: [1, 16, 64],
  concurrencyThreadsPerLevel: 192,
  concurrencyRepetitions: 3,
  growthCheckpoints: [1000, 10_000, 100_000],
  growthSampleOperations: 50,
  growthSampleBudgetMs: 10_000,
  growthFillConcurrency: 16,
  growthFillBudgetMs: 150_000,
  growthThreads: [1000, 10_000, 100_000],
  growthCheckpointsPerThread: 2,
  growthManyThreadsFillBudgetMs: 150_000,
  growthPruneBudgetMs: 120_000,
  storeItems: 10_000,
  storeOperations: 100,
  storeSearches: 20,
  safetyRounds: 30,
  safetyStepsPerRound: 40,
  safetyWarmupSteps: 30,
  cellTimeoutMs: 180_000,
  runDeadlineMs: 2_400_000,
  buildPackages: true,
  scenarioIds: [],
  saverFilters: [],
};

const QUICK_OVERRIDES: Partial<BenchOptions> = {
  quick: true,
  warmupIterations: 3,
  repetitions: 2,
  loopIterations: 10,
  largeLoopIterations: 3,
  costlyWarmupIterations: 1,
  listCheckpoints: 60,
  listFirstPageIterations: 5,
  deltaDepth: 10,
  deltaIterations: 3,
  supportGraphThreads: 8,
  supportGraphConcurrencies: [1, 4],
  supportGraphRepetitions: 1,
  supportGraphRepetitionBudgetMs: 5000,
  memoryCheckpoints: 500,
  memoryTimeBudgetMs: 2000,
  tieredFlushCheckpoints: 50,
  tieredSteadyDurationMs: 1000,
  concurrencyLevels: [1, 4],
  concurrencyThreadsPerLevel: 4,
  concurrencyRepetitions: 1,
  growthCheckpoints: [100, 300, 1000],
  growthSampleOperations: 5,
  growthSampleBudgetMs: 1000,
  growthFillBudgetMs: 2000,
  growthThreads: [10, 30, 100],
  growthManyThreadsFillBudgetMs: 3000,
  growthPruneBudgetMs: 5000,
  storeItems: 100,
  storeOperations: 5,
  storeSearches: 3,
  safetyRounds: 3,
  safetyStepsPerRound: 5,
  safetyWarmupSteps: 3,
  cellTimeoutMs: 10_000,
  runDeadlineMs: 90_000,
};

export const BENCH_USAGE = `Usage: pnpm bench [--quick] [--no-build] [--scenario a,b,...] [--saver redis,postgres,...] [--out DIR]
                  [--growth-checkpoints 1000,10000,...] [--growth-threads 1000,10000,...]
                  [--growth-fill-concurrency 16] [--concurrency-levels 1,16,...]
  --quick               smoke-test sizes (about a minute); figures are not meant to be quoted
  --no-build            do not rebuild checkpointkit packages whose dist is missing or stale
  --scenario            only these scenarios: a loop, b list, c delta, d support graph, e tiered,
                        f memory, concurrency (graph throughput vs runs in flight),
                        growth (latency vs checkpoints stored), store (BaseStore put/get/search),
                        safety (step cost of thread leases, optimistic concurrency, telemetry)
  --saver               only savers (and stores) whose id contains one of these strings (floors always run)
  --out                 write RESULTS.md, results.json and charts/ into this directory instead
  --growth-checkpoints  thread sizes the growth scenario measures at (default 1000,10000,100000)
  --growth-threads      store sizes, in threads of 2 checkpoints, at which growth times global list
                        and prune (default 1000,10000,100000)
  --growth-fill-concurrency  puts in flight while growth fills (default 16)
  --concurrency-levels  runs in flight the concurrency scenario measures at (default 1,16,64)
  --store-items         items each store holds in the store section (default 10000; quick 100)`;

/** Parses the command line; unknown flags are an error so a typo does not silently run everything. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const options: BenchOptions = { ...FULL, ...(quick ? QUICK_OVERRIDES : {}) };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (flag === "--quick" || flag === "--") continue;
    if (flag === "--no-build") options.buildPackages = false;
    else if (flag === "--scenario") options.scenarioIds = splitList(argv[++index]);
    else if (flag === "--saver") options.saverFilters = splitList(argv[++index]);
    else if (flag === "--out") {
      const directory = argv[++index];
      if (directory === undefined || directory === "" || directory.startsWith("--"))
        throw new Error(`--out takes a directory\n${BENCH_USAGE}`);
      options.outputDirectory = resolve(directory);
    } else if (flag === "--growth-checkpoints")
      options.growthCheckpoints = splitCounts(flag, argv[++index]);
    else if (flag === "--growth-threads") options.growthThreads = splitCounts(flag, argv[++index]);
    else if (flag === "--growth-fill-concurrency")
      options.growthFillConcurrency = oneCount(flag, argv[++index]);
    else if (flag === "--concurrency-levels")
      options.concurrencyLevels = splitCounts(flag, argv[++index]);
    else if (flag === "--store-items") options.storeItems = oneCount(flag, argv[++index]);
    else throw new Error(`unknown argument ${JSON.stringify(flag)}\n${BENCH_USAGE}`);
  }
  return options;
}

function splitList(value: string | undefined): string[] {
  if (value === undefined) throw new Error(`a list was expected after the flag\n${BENCH_USAGE}`);
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * A list of positive integers (sizes, levels), ascending and without repeats, since each is
 * one point of a chart; anything else is refused rather than run as NaN.
 */
function splitCounts(flag: string, value: string | undefined): number[] {
  const counts = [...new Set(splitList(value).map((item) => Number(item.replace(/_/g, ""))))].sort(
    (a, b) => a - b,
  );
  if (counts.length === 0 || counts.some((count) => !Number.isInteger(count) || count < 1))
    throw new Error(
      `${flag} takes positive integers, got ${JSON.stringify(value)}\n${BENCH_USAGE}`,
    );
  return counts;
}

function oneCount(flag: string, value: string | undefined): number {
  const counts = splitCounts(flag, value);
  if (counts.length !== 1) throw new Error(`${flag} takes one count\n${BENCH_USAGE}`);
  return counts[0]!;
}
