import {
  SAVER_BACKENDS,
  STANDARD_TRACED_METHODS,
  traceSaverMethods,
} from "@checkpointkit/core/internal";

/**
 * Spans and duration metrics for every operation of `CosmosSaver` (see core's README,
 * "Telemetry"). Round trips are counted where every request goes (`sendRequest`): one per
 * attempt the saver makes. The SDK's own retries (429, 410) and the query-plan request it
 * sends beside a query's first page happen below that and are not counted. The SDK does not
 * show request and reply sizes, so bytes are the JSON documents `sendRequest` hands over and
 * gets back.
 */
export function traceCosmosSaver(saverClass: { prototype: object }): void {
  traceSaverMethods(saverClass, SAVER_BACKENDS.cosmos, {
    ...STANDARD_TRACED_METHODS,
    threadTotals: { operation: "threadTotals", target: () => undefined },
  });
}
