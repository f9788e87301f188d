import type { RoundTripCounter } from "./round-trip-counter.js";

/**
 * A Cosmos SDK plugin that counts every HTTP request the client sends (retries and metadata
 * reads included: they cost request units and latency just the same).
 */
export interface CosmosRequestPlugin {
  on: "request";
  plugin: (
    context: unknown,
    diagnosticNode: unknown,
    next: (context: unknown) => Promise<unknown>,
  ) => Promise<unknown>;
}

export function cosmosRequestCounterPlugins(counter: RoundTripCounter): CosmosRequestPlugin[] {
  return [
    {
      on: "request",
      plugin: async (context, _diagnosticNode, next) => {
        counter.recordRoundTrip();
        return next(context);
      },
    },
  ];
}
