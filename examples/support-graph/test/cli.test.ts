import { CliUsageError, parseCliOptions } from "../src/cli/cli-options.js";
import { runDemo } from "../src/cli/run-demo.js";
import { ReportCollector } from "../src/reporting/report-collector.js";
import type { DemoReport } from "../src/reporting/scenario-report.js";
import { memorySaverFactory } from "../src/savers/memory-saver-factory.js";
import { SAVER_NAMES } from "../src/savers/saver-factory.js";
import { defaultSaverName } from "../src/savers/saver-registry.js";
import { runScenarios } from "../src/scenarios/run-scenarios.js";
import { SCENARIO_IDS, type Scenario } from "../src/scenarios/scenario.js";

function captureOutput() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    output: {
      stdout: (text: string) => stdout.push(text),
      stderr: (text: string) => stderr.push(text),
    },
    stdout,
    stderr,
  };
}

describe("parseCliOptions", () => {
  it("runs every scenario on the default saver when no flag is given", () => {
    expect(parseCliOptions([], "memory")).toEqual({
      help: false,
      saverName: "memory",
      coldTier: "postgres",
      json: false,
      telemetry: false,
      scenarioIds: [...SCENARIO_IDS],
    });
  });

  it("keeps the demo's scenario order whatever the flag order", () => {
    const options = parseCliOptions(
      ["--time-travel", "--crash", "--saver", "tiered", "--cold", "cosmos", "--json"],
      "memory",
    );
    expect(options).toMatchObject({ saverName: "tiered", coldTier: "cosmos", json: true });
    expect(options.scenarioIds).toEqual(["crash", "time-travel"]);
  });

  it("rejects unknown savers, tiers and flags", () => {
    expect(() => parseCliOptions(["--saver", "sqlite"], "memory")).toThrow(CliUsageError);
    expect(() => parseCliOptions(["--cold", "redis"], "memory")).toThrow(CliUsageError);
    expect(() => parseCliOptions(["--everything"], "memory")).toThrow(CliUsageError);
  });
});

describe("runDemo", () => {
  it("prints the help and exits 0", async () => {
    const { output, stdout } = captureOutput();
    expect(await runDemo(["--help"], output)).toBe(0);
    expect(stdout.join("\n")).toContain("--saver <name>");
    for (const id of SCENARIO_IDS) expect(stdout.join("\n")).toContain(`--${id}`);
  });

  it("lists every saver with what it runs on, tiered by default", async () => {
    const { output, stdout } = captureOutput();
    expect(await runDemo(["--help"], output)).toBe(0);
    const help = stdout.join("\n");
    expect(help).not.toContain("not wired");
    for (const name of SAVER_NAMES) expect(help).toMatch(new RegExp(`^    ${name} +\\S`, "m"));
    expect(help).toContain("(default: tiered)");
  });

  it("runs all five scenarios on memory, passing, as one JSON document", async () => {
    const { output, stdout, stderr } = captureOutput();
    expect(await runDemo(["--saver", "memory", "--json"], output)).toBe(0);
    const report = JSON.parse(stdout.join("\n")) as DemoReport;
    expect(report.passed).toBe(true);
    expect(report.scenarios.map((scenario) => [scenario.id, scenario.passed])).toEqual(
      SCENARIO_IDS.map((id) => [id, true]),
    );
    // The concurrent-resume race needs two processes sharing the saver; memory skips it with
    // one check that it is the memory saver skipping.
    const raced = report.scenarios.filter((scenario) => scenario.id !== "concurrent-resume");
    expect(raced.every((scenario) => scenario.checks.length >= 4)).toBe(true);
    expect(
      report.scenarios.find((scenario) => scenario.id === "concurrent-resume")?.checks,
    ).toEqual([
      expect.objectContaining({
        passed: true,
        description: expect.stringContaining("MemorySaver skips"),
      }),
    ]);
    expect(stderr.join("\n")).toContain("MemorySaver");
  });

  it("runs all five scenarios on the default saver, the tiered one, with tiers in the timelines", async () => {
    expect(defaultSaverName()).toBe("tiered");
    const { output, stdout, stderr } = captureOutput();
    expect(await runDemo(["--json"], output)).toBe(0);
    const report = JSON.parse(stdout.join("\n")) as DemoReport;
    expect(report.saver).toBe("tiered");
    expect(report.notice).toBeUndefined();
    expect(report.scenarios.map((scenario) => [scenario.id, scenario.passed])).toEqual(
      SCENARIO_IDS.map((id) => [id, true]),
    );
    const happyPath = report.scenarios.find((scenario) => scenario.id === "happy-path");
    const entries = happyPath?.timelines[0]?.entries ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.location?.tiers).toContain("redis");
    expect(stderr.join("\n")).toContain("flusher running");
  });

  describe("without Redis", () => {
    const redisUrl = process.env.REDIS_URL;
    // The preset hands its Redis to the tests through REDIS_URL; this test has to do without.
    beforeEach(() => {
      delete process.env.REDIS_URL;
    });
    afterEach(() => {
      if (redisUrl !== undefined) process.env.REDIS_URL = redisUrl;
    });

    it("says how to get Redis and runs on embedded PostgreSQL instead of failing", async () => {
      const { output, stdout, stderr } = captureOutput();
      const exitCode = await runDemo(["--happy-path", "--audit-trail", "--json"], output, {
        findRedisServer: () => undefined,
      });
      expect(exitCode).toBe(0);
      const report = JSON.parse(stdout.join("\n")) as DemoReport;
      expect(report).toMatchObject({ saver: "postgres", requestedSaver: "tiered", passed: true });
      expect(report.scenarios.map((scenario) => scenario.id)).toEqual([
        "happy-path",
        "audit-trail",
      ]);
      const told = stderr.join("\n");
      expect(told).toContain("REDIS_URL is not set and `redis-server` is not on PATH");
      expect(told).toContain("apt-get install redis-server");
      expect(told).toContain("brew install redis");
      expect(told).toContain("docker compose up -d redis");
      expect(report.notice?.join("\n")).toContain("docker compose up -d redis");
    });

    it("keeps savers that need no Redis as asked", async () => {
      const { output, stdout, stderr } = captureOutput();
      expect(
        await runDemo(["--saver", "memory", "--happy-path", "--json"], output, {
          findRedisServer: () => undefined,
        }),
      ).toBe(0);
      expect((JSON.parse(stdout.join("\n")) as DemoReport).saver).toBe("memory");
      expect(stderr.join("\n")).not.toContain("No Redis");
    });
  });
});

describe("runScenarios", () => {
  const failing: Scenario[] = [
    {
      id: "happy-path",
      title: "a failed check",
      summary: "",
      async run({ reporter }) {
        reporter.check("ok", true);
        reporter.check("not ok", false, "seen");
      },
    },
    {
      id: "crash",
      title: "throws",
      summary: "",
      async run({ reporter }) {
        reporter.check("ok", true);
        throw new Error("server went away", { cause: new Error("ECONNRESET") });
      },
    },
    { id: "audit-trail", title: "checks nothing", summary: "", async run() {} },
  ];

  it("fails a scenario with a failed check, one that throws and one that checks nothing, and keeps going", async () => {
    const environment = await memorySaverFactory.start({
      coldTier: "postgres",
      progress: () => {},
    });
    const reports = await runScenarios({
      saverFactory: memorySaverFactory,
      environment,
      reporter: new ReportCollector(),
      scenarios: failing,
      runId: "test",
      scratchDirectory: "/nonexistent",
    });
    expect(reports.map((report) => report.passed)).toEqual([false, false, false]);
    expect(reports[1]?.error).toBe("Error: server went away (cause: ECONNRESET)");
  });
});
