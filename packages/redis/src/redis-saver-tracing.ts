import {
  configOfRequest,
  SAVER_BACKENDS,
  STANDARD_TRACED_METHODS,
  traceSaverMethods,
} from "@checkpointkit/core/internal";

/**
 * Spans and duration metrics for every operation of `RedisSaver` (see core's README,
 * "Telemetry"). Round trips are counted where every command goes (`createRedisCall`), bytes
 * written where every script's arguments are measured (`assertRequestFits`) and bytes read
 * from the replies. The `...WithOutboxEntry` forms the tiered saver calls are the same
 * operations under the same names.
 */
export function traceRedisSaver(saverClass: { prototype: object }): void {
  traceSaverMethods(saverClass, SAVER_BACKENDS.redis, {
    ...STANDARD_TRACED_METHODS,
    putWithOutboxEntry: { operation: "put" },
    putWritesWithOutboxEntry: { operation: "putWrites" },
    deleteThreadWithOutboxEntry: { operation: "deleteThread" },
    copyThreadWithOutboxEntry: { operation: "copyThread" },
    getDeltaChannelHistoryWithWalkEnd: {
      operation: "getDeltaChannelHistory",
      target: configOfRequest,
    },
    restoreTuple: {
      operation: "restoreTuple",
      target: (args) => (args[0] as { config?: { configurable?: object } } | undefined)?.config,
    },
    setThreadTtl: { operation: "setThreadTtl" },
  });
}
