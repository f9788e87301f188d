import {
  SAVER_BACKENDS,
  type SaverBackend,
  STANDARD_TRACED_METHODS,
  traceSaverMethods,
} from "@checkpointkit/core/internal";

/**
 * Spans and duration metrics for every operation of `TieredSaver` (see core's README,
 * "Telemetry"). The hot tier (a `RedisSaver`) and the cold tier's saver trace their own
 * operations, so a tiered span has a child span per tier it touched; its round trips and
 * bytes are the sums of what both tiers counted. Its own outbox commands are not counted,
 * except a script reloaded after a NOSCRIPT reply (counted by the Redis package's LuaScript).
 */
export function traceTieredSaver(saverClass: { prototype: object }): void {
  traceSaverMethods(saverClass, SAVER_BACKENDS.tiered, {
    ...STANDARD_TRACED_METHODS,
    flush: { operation: "flush" },
  });
}

/**
 * The cold tier's writes (a flusher's batch, a delete with its fence), which go through the
 * tier rather than its saver's public methods: spans of the cold backend, children of the
 * tiered operation that wrote through or deleted. Reads go through the saver and are traced
 * there.
 */
export function traceColdTier(tierClass: { prototype: object }, backend: SaverBackend): void {
  traceSaverMethods(tierClass, backend, {
    writeBatch: { operation: "writeBatch", target: () => undefined },
    deleteThread: { operation: "deleteThread" },
    coldHead: { operation: "coldHead" },
  });
}
