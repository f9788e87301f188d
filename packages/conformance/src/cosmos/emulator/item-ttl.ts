/**
 * Time to live as the service applies it: the container's `defaultTtl` switches TTL on
 * (absent/null: off, and item `ttl` values are ignored; -1: on with no default; n: n seconds),
 * an item's own `ttl` overrides it (-1: never expires). Expiry counts from the item's last
 * write. The base server has no TTL at all.
 */
import type { ContainerDefinition, StoredItem } from "./base-server.js";

/** Seconds an item lives after its last write, or undefined when it never expires. */
export function effectiveTtlSeconds(
  container: ContainerDefinition,
  item: StoredItem,
): number | undefined {
  const containerTtl = container.defaultTtl;
  if (containerTtl === undefined || containerTtl === null) return undefined;
  const itemTtl = item.ttl;
  if (typeof itemTtl === "number" && Number.isInteger(itemTtl) && (itemTtl === -1 || itemTtl > 0)) {
    return itemTtl === -1 ? undefined : itemTtl;
  }
  return containerTtl > 0 ? containerTtl : undefined;
}

/**
 * True once the item's lifetime has passed. `lastWriteMs` is the write time in milliseconds
 * (the service's `_ts` has whole seconds only, which would let an item expire up to a second
 * early here and make 1-2 s TTL tests flaky).
 */
export function isExpired(
  container: ContainerDefinition,
  item: StoredItem,
  lastWriteMs: number,
  nowMs: number,
): boolean {
  const ttlSeconds = effectiveTtlSeconds(container, item);
  return ttlSeconds !== undefined && nowMs >= lastWriteMs + ttlSeconds * 1000;
}
