import { parseArgs } from "node:util";
import {
  COLD_TIER_NAMES,
  type ColdTierName,
  SAVER_NAMES,
  type SaverName,
} from "../savers/saver-factory.js";
import { SCENARIO_IDS, type ScenarioId } from "../scenarios/scenario.js";

/** What the command line asked for. */
export interface CliOptions {
  help: boolean;
  /** @default the registry's default (tiered once registered, memory until then) */
  saverName: SaverName;
  /** Cold tier of the tiered saver. @default "postgres" */
  coldTier: ColdTierName;
  /** One JSON document on stdout instead of the readable output. @default false */
  json: boolean;
  /** Print the run's OpenTelemetry spans as a tree at the end. @default false */
  telemetry: boolean;
  /** The scenarios named by flags, in the demo's order; all of them when no flag is given. */
  scenarioIds: ScenarioId[];
}

/** A command line the demo cannot act on; main prints it with a pointer to `--help`. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliUsageError(`${option} must be one of ${allowed.join(", ")}; got "${value}"`);
}

export function parseCliOptions(argv: readonly string[], defaultSaver: SaverName): CliOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTION_SPEC; strict: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTION_SPEC,
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const selected = SCENARIO_IDS.filter((id) => values[id] === true);
  return {
    help: values.help === true,
    saverName: oneOf(String(values.saver ?? defaultSaver), SAVER_NAMES, "--saver"),
    coldTier: oneOf(String(values.cold ?? "postgres"), COLD_TIER_NAMES, "--cold"),
    json: values.json === true,
    telemetry: values.telemetry === true,
    scenarioIds: selected.length > 0 ? selected : [...SCENARIO_IDS],
  };
}

const OPTION_SPEC = {
  help: { type: "boolean", short: "h" },
  saver: { type: "string" },
  cold: { type: "string" },
  json: { type: "boolean" },
  telemetry: { type: "boolean" },
  "happy-path": { type: "boolean" },
  crash: { type: "boolean" },
  "human-approval": { type: "boolean" },
  "audit-trail": { type: "boolean" },
  "time-travel": { type: "boolean" },
  memory: { type: "boolean" },
  "concurrent-resume": { type: "boolean" },
} as const;
