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
});
