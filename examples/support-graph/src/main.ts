import { runDemo } from "./cli/run-demo.js";

/**
 * For tests only: `SUPPORT_GRAPH_TEST_HIDE_REDIS_SERVER=1` makes the demo behave as if
 * `redis-server` were not on PATH (with REDIS_URL unset too, it then shows the no-Redis
 * fallback). Stripping PATH instead would also hide node and the shell.
 */
const hideRedisServer = process.env.SUPPORT_GRAPH_TEST_HIDE_REDIS_SERVER === "1";

runDemo(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  },
  hideRedisServer ? { findRedisServer: () => undefined } : {},
).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(
      `the demo failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
