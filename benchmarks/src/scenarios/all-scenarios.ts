import { concurrencyScenario } from "./concurrency.js";
import { deltaHistoryScenario } from "./delta-history.js";
import { growthScenario } from "./growth.js";
import { listHistoryScenario } from "./list-history.js";
import { memoryGrowthScenario } from "./memory-growth.js";
import { operationLoopScenario } from "./operation-loop.js";
import { safetyCostScenario } from "./safety-cost.js";
import type { Scenario } from "./scenario.js";
import { storeScenario } from "./store.js";
import { supportGraphScenario } from "./support-graph.js";
import { tieredScenario } from "./tiered-flush.js";

/** The scenarios in the order they appear in the report. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  operationLoopScenario,
  listHistoryScenario,
  deltaHistoryScenario,
  supportGraphScenario,
  tieredScenario,
  memoryGrowthScenario,
  concurrencyScenario,
  growthScenario,
  storeScenario,
  safetyCostScenario,
];

/**
 * The order they run in: memory first, while the process is still clean, so its RSS baseline
 * is not inflated by garbage the other scenarios leave behind.
 */
export const SCENARIOS_IN_RUN_ORDER: readonly Scenario[] = [
  memoryGrowthScenario,
  ...ALL_SCENARIOS.filter((scenario) => scenario !== memoryGrowthScenario),
];
