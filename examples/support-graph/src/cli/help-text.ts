import { SAVER_NAMES, type SaverName } from "../savers/saver-factory.js";
import type { Scenario } from "../scenarios/scenario.js";

export function helpText(
  scenarios: readonly Scenario[],
  availableSavers: readonly SaverName[],
  defaultSaver: SaverName,
): string {
  const saverList = SAVER_NAMES.map(
    (name) => `${name}${availableSavers.includes(name) ? "" : " (not wired yet)"}`,
  ).join(" | ");
  const scenarioLines = scenarios.map(
    (scenario) => `  --${scenario.id.padEnd(16)} ${scenario.summary}`,
  );
  return [
    "pnpm demo [options] — the case_8842 customer-support graph on a checkpointkit saver",
    "",
    "Options:",
    `  --saver <name>     ${saverList}  (default: ${defaultSaver})`,
    "  --cold <tier>      cold tier of the tiered saver: postgres | cosmos  (default: postgres)",
    "  --json             print one JSON document instead of the readable timeline",
    "  -h, --help         this text",
    "",
    "Scenarios (all run, in this order, when none is named):",
    ...scenarioLines,
    "",
    "Exit code: 0 when every check of every scenario passed, 1 when one failed, 2 for bad options.",
    "Progress while servers start goes to stderr, so `--json` output can be piped.",
  ].join("\n");
}
