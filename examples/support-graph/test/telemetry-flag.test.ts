import { runDemo } from "../src/cli/run-demo.js";

/** `--telemetry` on the real Redis the preset started: the run's spans, printed as a tree. */
describe("demo --telemetry", () => {
  it("prints every saver operation of the run as a span, tiers indented below tiered ones", async () => {
    const stdout: string[] = [];
    const exitCode = await runDemo(["--saver", "tiered", "--happy-path", "--telemetry"], {
      stdout: (text) => stdout.push(text),
      stderr: () => {},
    });
    expect(exitCode).toBe(0);
    const heading = stdout.findIndex((line) => line.startsWith("telemetry: "));
    expect(heading).toBeGreaterThan(0);
    const tree = stdout.slice(heading + 1);
    const tieredPut = tree.findIndex((line) => line.startsWith("put tiered  ("));
    expect(tieredPut).toBeGreaterThanOrEqual(0);
    // Its hot-tier child, one level down, with the round trips the span counted.
    expect(tree[tieredPut + 1]).toMatch(/^(└─|├─) put redis {2}\(.* ms, \d+ rt, \d+ B out/);
    expect(tree.some((line) => line.startsWith("getTuple tiered  ("))).toBe(true);
  });

  it("without the flag, no tree and no spans", async () => {
    const stdout: string[] = [];
    await runDemo(["--saver", "redis", "--happy-path"], {
      stdout: (text) => stdout.push(text),
      stderr: () => {},
    });
    expect(stdout.some((line) => line.startsWith("telemetry: "))).toBe(false);
  });
});
