import type { SaverVariantOptions } from "../savers/saver-plugin.js";

/**
 * Which worker process runs a variant. The savers look `@opentelemetry/api` up once per
 * process, so "not installed" and "installed" cannot share one; and once an SDK has recorded a
 * span, the process keeps paying for it (core's AsyncLocalStorage, entered while a span
 * records, turns on Node's async hooks for every later promise on Node 20), so "API without
 * SDK" cannot share one with the SDK either. One worker per kind, started with the API hidden
 * from module resolution, with it resolvable, or with the SDK registered from the start.
 */
export type SafetyWorkerKind =
  | "opentelemetry-not-installed"
  | "opentelemetry-api-only"
  | "opentelemetry-sdk";

export const SAFETY_WORKER_KINDS: readonly SafetyWorkerKind[] = [
  "opentelemetry-not-installed",
  "opentelemetry-api-only",
  "opentelemetry-sdk",
];

/** One way of running the same step, compared with the others in the run safety section. */
export interface SafetyVariant {
  id: "a" | "b" | "c" | "d" | "e";
  /** The row's operation in the report; starts with `(id)`. */
  label: string;
  /** In the summary line, e.g. `lease`. */
  shortName: string;
  worker: SafetyWorkerKind;
  /** Passed to the saver's constructor. */
  saverOptions: SaverVariantOptions;
  /** The steps run inside `withThreadLease`, every write carrying its token. */
  leased: boolean;
}

export const SAFETY_VARIANTS: readonly SafetyVariant[] = [
  {
    id: "a",
    shortName: "nothing",
    label: "(a) nothing: no lease, fork mode, @opentelemetry/api not installed",
    worker: "opentelemetry-not-installed",
    saverOptions: {},
    leased: false,
  },
  {
    id: "b",
    shortName: "lease",
    label: "(b) thread lease held, token in the config",
    worker: "opentelemetry-not-installed",
    saverOptions: {},
    leased: true,
  },
  {
    id: "c",
    shortName: "optimistic",
    label: '(c) concurrency: "optimistic"',
    worker: "opentelemetry-not-installed",
    saverOptions: { concurrency: "optimistic" },
    leased: false,
  },
  {
    id: "d",
    shortName: "API without SDK",
    label: "(d) @opentelemetry/api installed, no SDK",
    worker: "opentelemetry-api-only",
    saverOptions: {},
    leased: false,
  },
  {
    id: "e",
    shortName: "SDK",
    label: "(e) OpenTelemetry SDK registered, in-memory exporters",
    worker: "opentelemetry-sdk",
    saverOptions: {},
    leased: false,
  },
];

/** The variant every other one is divided by. */
export const BASELINE_VARIANT = SAFETY_VARIANTS[0]!;

export const SAFETY_SCENARIO_ID = "safety";

/** The variant a report row belongs to, read from its operation label. */
export function safetyVariantOf(operation: string): SafetyVariant | undefined {
  return SAFETY_VARIANTS.find((variant) => operation.startsWith(`(${variant.id})`));
}
