import type { SaverFactory, SaverName } from "../savers/saver-factory.js";
import type { Scenario } from "../scenarios/scenario.js";

export function helpText(
  scenarios: readonly Scenario[],
  savers: readonly SaverFactory[],
  defaultSaver: SaverName,
): string {
  const saverLines = savers.map((saver) => `    ${saver.name.padEnd(9)} ${saver.summary}`);
  const scenarioLines = scenarios.map(
    (scenario) => `  --${scenario.id.padEnd(16)} ${scenario.summary}`,
  );
  return [
    "pnpm demo [options] — the case_8842 customer-support graph on a checkpointkit saver",
    "",
    "Options:",
    `  --saver <name>     the saver to run on (default: ${defaultSaver}):`,
    ...saverLines,
    "  --cold <tier>      cold tier of the tiered saver: postgres | cosmos  (default: postgres)",
    "  --json             print one JSON document instead of the readable timeline",
    "  --telemetry        print the run's OpenTelemetry spans as a tree at the end",
    "  -h, --help         this text",
    "",
    "Scenarios (all run, in this order, when none is named):",
    ...scenarioLines,
    "",
    "Servers: REDIS_URL, POSTGRES_URL, COSMOS_ENDPOINT + COSMOS_KEY name external ones; otherwise",
    "the demo starts a private redis-server, embedded PostgreSQL and an in-process Cosmos DB",
    "server, and stops them at the end. Without Redis (no REDIS_URL, no redis-server on PATH),",
    "savers that need it run as --saver postgres instead, with a notice on how to get Redis.",
    "",
    "Exit code: 0 when every check of every scenario passed, 1 when one failed, 2 for bad options.",
    "Progress while servers start goes to stderr, so `--json` output can be piped.",
  ].join("\n");
}
