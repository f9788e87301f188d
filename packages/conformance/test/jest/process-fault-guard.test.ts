import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { processFaultGuardActive } from "../../src/jest/process-fault-guard.js";

interface JestJsonReport {
  testResults: {
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

/** Runs the fixture file in a child jest under the preset and returns its JSON report. */
function runFixtures(): JestJsonReport {
  const jestBin = join(dirname(require.resolve("jest/package.json")), "bin", "jest.js");
  const child = spawnSync(
    process.execPath,
    [jestBin, "--config", join(__dirname, "fixtures", "jest.config.cjs"), "--json", "--ci"],
    { encoding: "utf8", timeout: 60_000, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  const start = child.stdout.indexOf("{");
  if (start === -1) throw new Error(`no jest report; stderr:\n${child.stderr}`);
  return JSON.parse(child.stdout.slice(start)) as JestJsonReport;
}

describe("process fault guard", () => {
  it("is active under the preset", () => {
    expect(processFaultGuardActive()).toBe(true);
  });

  it("fails exactly the tests that let an error or rejection reach the process", () => {
    const results = runFixtures().testResults.flatMap((file) => file.assertionResults);
    expect(results).toHaveLength(4);
    for (const result of results) {
      const expected = result.title.startsWith("fails:") ? "failed" : "passed";
      expect({ title: result.title, status: result.status }).toEqual({
        title: result.title,
        status: expected,
      });
      if (expected === "failed") {
        expect(result.failureMessages.join("\n")).toContain("process fault guard");
      }
    }
  }, 60_000);
});
