import type { SaverBackend } from "./telemetry-names.js";

/** The backends of the checkpointkit savers, as their spans and metrics name them. */
export const SAVER_BACKENDS = {
  redis: { name: "redis", dbSystem: "redis", dbSystemName: "redis", countsBytes: true },
  postgres: {
    name: "postgres",
    dbSystem: "postgresql",
    dbSystemName: "postgresql",
    countsBytes: true,
  },
  // The SDK shows no wire sizes: the saver counts the JSON documents it sends and receives.
  cosmos: {
    name: "cosmos",
    dbSystem: "cosmosdb",
    dbSystemName: "azure.cosmosdb",
    countsBytes: true,
  },
  // Its spans carry the sums of the hot and cold tiers' child spans.
  tiered: { name: "tiered", countsBytes: true },
} as const satisfies Record<string, SaverBackend>;
