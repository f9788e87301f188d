import { type CheckpointItem, writesItemId } from "./cosmos-items.js";

/**
 * What a checkpoint item points at. Read defensively: a damaged item (no `value_refs`) must
 * not keep the healthy checkpoints read beside it from loading; decoding reports it.
 */

/** The checkpoint has a writes item: the layout read with point reads only. */
export function hasWritesItem(item: CheckpointItem): boolean {
  return item.writes_id === writesItemId(item.checkpoint_ns, item.checkpoint_id);
}

/** Every value item the checkpoint references. */
export function valueRefIds(item: CheckpointItem): string[] {
  return (Array.isArray(item.value_refs) ? item.value_refs : [])
    .map((ref) => ref?.id)
    .filter((id): id is string => typeof id === "string");
}

/** The value items it references and does not carry a copy of: what a reader must read. */
export function valueIdsToRead(item: CheckpointItem): string[] {
  const copied = new Set(
    (Array.isArray(item.value_copies) ? item.value_copies : []).map((copy) => copy?.id),
  );
  return valueRefIds(item).filter((id) => !copied.has(id));
}
