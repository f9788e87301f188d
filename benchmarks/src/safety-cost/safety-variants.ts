import type { SaverVariantOptions } from "../savers/saver-plugin.js";

/**
 * Which worker process runs a variant. The savers look `@opentelemetry/api` up once per
 * process, so "not installed" and "installed" cannot share one: one worker is started with
 * the API hidden from module resolution, the other with it resolvable.
 */
export type SafetyWorkerKind = "without-opentelemetry" | "with-opentelemetry";

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
  /** The OpenTelemetry SDK is registered (in-memory exporters) while the steps run. */
  sdk: boolean;
}

export const SAFETY_VARIANTS: readonly SafetyVariant[] = [
  {
    id: "a",
    shortName: "nothing",
    label: "(a) nothing: no lease, fork mode, @opentelemetry/api not installed",
    worker: "without-opentelemetry",
    saverOptions: {},
    leased: false,
    sdk: false,
  },
  {
    id: "b",
    shortName: "lease",
    label: "(b) thread lease held, token in the config",
    worker: "without-opentelemetry",
    saverOptions: {},
    leased: true,
    sdk: false,
  },
  {
    id: "c",
    shortName: "optimistic",
    label: '(c) concurrency: "optimistic"',
    worker: "without-opentelemetry",
    saverOptions: { concurrency: "optimistic" },
    leased: false,
    sdk: false,
  },
  {
    id: "d",
    shortName: "API without SDK",
    label: "(d) @opentelemetry/api installed, no SDK",
    worker: "with-opentelemetry",
    saverOptions: {},
    leased: false,
    sdk: false,
  },
  {
    id: "e",
    shortName: "SDK",
    label: "(e) OpenTelemetry SDK registered, in-memory exporters",
    worker: "with-opentelemetry",
    saverOptions: {},
    leased: false,
    sdk: true,
  },
];

/** The variant every other one is divided by. */
export const BASELINE_VARIANT = SAFETY_VARIANTS[0]!;

export const SAFETY_SCENARIO_ID = "safety";

/** The variant a report row belongs to, read from its operation label. */
export function safetyVariantOf(operation: string): SafetyVariant | undefined {
  return SAFETY_VARIANTS.find((variant) => operation.startsWith(`(${variant.id})`));
}

/** A stable key of a saver option set: variants with the same options share a saver. */
export function saverOptionsKey(options: SaverVariantOptions): string {
  return options.concurrency ?? "fork";
}
