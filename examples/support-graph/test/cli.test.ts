import { CliUsageError, parseCliOptions } from "../src/cli/cli-options.js";
import { runDemo } from "../src/cli/run-demo.js";
import { ReportCollector } from "../src/reporting/report-collector.js";
import type { DemoReport } from "../src/reporting/scenario-report.js";
import { memorySaverFactory } from "../src/savers/memory-saver-factory.js";
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

  it("exits 2 with the available savers when asked for one that is not registered", async () => {
    const { output, stderr } = captureOutput();
    expect(await runDemo(["--saver", "cosmos"], output)).toBe(2);
    expect(stderr.join("\n")).toMatch(/cosmos is not wired.*available: memory/);
  });

  it("runs all five scenarios on memory, passing, as one JSON document", async () => {
    const { output, stdout, stderr } = captureOutput();
    expect(await runDemo(["--saver", "memory", "--json"], output)).toBe(0);
    const report = JSON.parse(stdout.join("\n")) as DemoReport;
    expect(report.passed).toBe(true);
    expect(report.scenarios.map((scenario) => [scenario.id, scenario.passed])).toEqual(
      SCENARIO_IDS.map((id) => [id, true]),
    );
    expect(report.scenarios.every((scenario) => scenario.checks.length >= 4)).toBe(true);
    expect(stderr.join("\n")).toContain("MemorySaver");
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
