import { auditTrailScenario } from "./audit-trail.js";
import { concurrentResumeScenario } from "./concurrent-resume.js";
import { crashResumeScenario } from "./crash-resume.js";
import { happyPathScenario } from "./happy-path.js";
import { humanApprovalScenario } from "./human-approval.js";
import { memoryAcrossCasesScenario } from "./memory-across-cases.js";
import type { Scenario } from "./scenario.js";
import { timeTravelScenario } from "./time-travel.js";

/** All scenarios, in the order the demo runs them. */
export const SCENARIOS: readonly Scenario[] = [
  happyPathScenario,
  crashResumeScenario,
  humanApprovalScenario,
  auditTrailScenario,
  timeTravelScenario,
  memoryAcrossCasesScenario,
  concurrentResumeScenario,
];
