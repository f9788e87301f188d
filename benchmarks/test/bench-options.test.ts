import { parseBenchOptions } from "../src/bench-options.js";

describe("parseBenchOptions", () => {
  it("runs the sizes the issue asks for by default", () => {
    const options = parseBenchOptions([]);
    expect(options.quick).toBe(false);
    expect(options.listCheckpoints).toBe(1000);
    expect(options.deltaDepth).toBe(50);
    expect(options.supportGraphThreads).toBe(200);
    expect(options.supportGraphConcurrencies).toEqual([1, 32]);
    expect(options.memoryCheckpoints).toBe(100_000);
    expect(options.concurrencyLevels).toEqual([1, 16, 64]);
    expect(options.growthCheckpoints).toEqual([1000, 10_000, 100_000]);
    expect(options.growthThreads).toEqual([1000, 10_000, 100_000]);
    expect(options.growthCheckpointsPerThread).toBe(2);
  });

  it("keeps the growth and concurrency sections small under --quick, where CI runs them", () => {
    const options = parseBenchOptions(["--quick"]);
    expect(Math.max(...options.growthCheckpoints)).toBeLessThanOrEqual(1000);
    expect(options.growthFillBudgetMs).toBeLessThanOrEqual(2000);
    expect(
      Math.max(...options.growthThreads) * options.growthCheckpointsPerThread,
    ).toBeLessThanOrEqual(200);
    expect(Math.max(...options.concurrencyLevels)).toBeLessThanOrEqual(
      options.concurrencyThreadsPerLevel,
    );
  });

  it("takes the growth sizes and concurrency levels from the command line", () => {
    const options = parseBenchOptions([
      "--scenario",
      "concurrency,growth",
      "--growth-checkpoints",
      "500, 5_000",
      "--concurrency-levels",
      "1,8",
    ]);
    expect(options.scenarioIds).toEqual(["concurrency", "growth"]);
    expect(options.growthCheckpoints).toEqual([500, 5000]);
    expect(options.concurrencyLevels).toEqual([1, 8]);
    expect(parseBenchOptions(["--concurrency-levels", "64,1,16,16"]).concurrencyLevels).toEqual([
      1, 16, 64,
    ]);
    expect(() => parseBenchOptions(["--growth-checkpoints", "10k"])).toThrow(/positive integers/);
  });

  it("takes the many-thread store sizes and the fill concurrency of growth from the command line", () => {
    const options = parseBenchOptions([
      "--quick",
      "--growth-threads",
      "100_000,1000, 10000",
      "--growth-fill-concurrency",
      "64",
    ]);
    expect(options.growthThreads).toEqual([1000, 10_000, 100_000]);
    expect(options.growthFillConcurrency).toBe(64);
    expect(parseBenchOptions([]).growthFillConcurrency).toBe(16);
    expect(() => parseBenchOptions(["--growth-threads", "1e3,-1"])).toThrow(/positive integers/);
    expect(() => parseBenchOptions(["--growth-threads"])).toThrow(/a list was expected/);
    expect(() => parseBenchOptions(["--growth-fill-concurrency", "8,16"])).toThrow(/one count/);
    expect(() => parseBenchOptions(["--concurrency-levels", "0"])).toThrow(/positive integers/);
  });

  it("cuts every count down with --quick and accepts pnpm's -- separator", () => {
    const options = parseBenchOptions(["--", "--quick", "--scenario", "a, c", "--saver", "redis"]);
    expect(options.quick).toBe(true);
    expect(options.memoryCheckpoints).toBeLessThan(1000);
    expect(options.scenarioIds).toEqual(["a", "c"]);
    expect(options.saverFilters).toEqual(["redis"]);
  });

  it("rejects an unknown flag instead of silently running everything", () => {
    expect(() => parseBenchOptions(["--quik"])).toThrow(/unknown argument "--quik"/);
    expect(() => parseBenchOptions(["--scenario"])).toThrow(/a list was expected/);
  });

  it("sizes the store section: 10,000 items by default, a few hundred under --quick, or --store-items", () => {
    expect(parseBenchOptions([]).storeItems).toBe(10_000);
    expect(parseBenchOptions(["--quick"]).storeItems).toBeLessThanOrEqual(1000);
    expect(parseBenchOptions(["--quick", "--store-items", "10_000"]).storeItems).toBe(10_000);
    expect(() => parseBenchOptions(["--store-items", "1,2"])).toThrow(/one count/);
  });
});

describe("parseBenchOptions: run safety section and --out", () => {
  it("runs more interleaved rounds at full settings than under --quick", () => {
    const full = parseBenchOptions([]);
    const quick = parseBenchOptions(["--quick"]);
    expect(full.safetyRounds).toBeGreaterThan(quick.safetyRounds);
    expect(quick.safetyRounds * quick.safetyStepsPerRound).toBeLessThanOrEqual(50);
  });

  it("writes the report where --out says, and nowhere else by default", () => {
    expect(parseBenchOptions([]).outputDirectory).toBeUndefined();
    expect(parseBenchOptions(["--out", "/tmp/x"]).outputDirectory).toBe("/tmp/x");
    expect(() => parseBenchOptions(["--out"])).toThrow(/--out takes a directory/);
    expect(() => parseBenchOptions(["--out", "--quick"])).toThrow(/--out takes a directory/);
  });
});
