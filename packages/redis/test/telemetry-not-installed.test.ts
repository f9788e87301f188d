import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const fixtures = join(__dirname, "telemetry-fixtures");

/**
 * `@opentelemetry/api` is an optional peer: a project without it must work as before. Each
 * module format of the built package runs in a node process of its own where the API cannot
 * be resolved (a preloaded resolver hook refuses it), against the test server.
 */
describe("without @opentelemetry/api installed", () => {
  it.each(["run-without-api.mjs", "run-without-api.cjs"])("%s: the saver works", async (script) => {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--require", join(fixtures, "hide-opentelemetry.cjs"), join(fixtures, script)],
      { env: { ...process.env }, timeout: 30_000 },
    );
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual({ hidden: true, value: script.endsWith(".mjs") ? 1 : 2 });
  });
});
