import {
  SAVER_BACKENDS,
  STANDARD_TRACED_METHODS,
  traceSaverMethods,
} from "@checkpointkit/core/internal";

/**
 * Spans and duration metrics for every operation of `PostgresSaver` (see core's README,
 * "Telemetry"). Round trips are counted where every statement goes (`PooledConnection`):
 * one per statement, checking a connection out of the pool is not one. Bytes are the
 * statements' parameters and result rows.
 */
export function tracePostgresSaver(saverClass: { prototype: object }): void {
  traceSaverMethods(saverClass, SAVER_BACKENDS.postgres, {
    ...STANDARD_TRACED_METHODS,
    putMany: { operation: "putMany", target: () => undefined },
    deleteExpiredThreads: { operation: "deleteExpiredThreads", target: () => undefined },
    threadTotals: { operation: "threadTotals", target: () => undefined },
  });
}
