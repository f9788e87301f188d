import { runCli } from "../src/cli/run-cli.js";

function captured() {
  let text = "";
  return {
    isTTY: false,
    write: (chunk: string) => {
      text += chunk;
    },
    text: () => text,
  };
}

it("`checkpointkit browse` is checkpointkit-browse of @checkpointkit/browser", async () => {
  const stdout = captured();
  const stderr = captured();
  const signal = AbortSignal.abort();
  expect(await runCli(["browse", "--help"], { stdout, stderr, env: {}, signal })).toBe(0);
  expect(stdout.text()).toContain("Usage: checkpointkit-browse");
  // Started and stopped at once (the signal is already aborted): it listened on loopback.
  // PostgreSQL: its pool connects on the first query, and this page never gets one.
  const postgres = process.env.POSTGRES_URL!;
  expect(
    await runCli(["browse", "--postgres", postgres], { stdout, stderr, env: {}, signal }),
  ).toBe(0);
  expect(stdout.text()).toMatch(/checkpoint browser: http:\/\/127\.0\.0\.1:\d+\//);
  expect(await runCli(["browse"], { stdout, stderr, env: {}, signal })).toBe(2);
});
