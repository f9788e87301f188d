import type { Container, JSONObject } from "@azure/cosmos";
import { CheckpointConflictError } from "@checkpointkit/core";
import { packBatches } from "./cosmos-batch-packing.js";
import { mergeWritesLog } from "./cosmos-copy-writes-merge.js";
import { type PlannedOperation, writeInsertIfAbsent } from "./cosmos-insert-batch.js";
import {
  type HeadItem,
  type ItemKind,
  itemBase,
  itemBody,
  type StoredItem,
  type ThreadPartition,
} from "./cosmos-items.js";
import { advanceHeadOperation, createHeadOperation } from "./cosmos-put-plan.js";
import { itemsOfKindsQuery } from "./cosmos-queries.js";
import {
  createItemIfAbsent,
  executeBatch,
  queryPages,
  type RequestMeter,
} from "./cosmos-requests.js";
import { newThreadItem, writeTimeNow } from "./cosmos-thread-item.js";
import { ThreadTotalsWrite } from "./cosmos-thread-totals-write.js";

export interface CopyThreadInput {
  container: Container;
  source: ThreadPartition;
  target: ThreadPartition;
  batchBudgetBytes: number;
  /** The saver's TTL, for the target's thread item when the copy creates it. */
  ttlSeconds: number | undefined;
  meter: RequestMeter;
}

/**
 * What is copied, in this order: what a checkpoint references before the checkpoint, and
 * the heads last, so a reader of the target finds no latest checkpoint until everything it
 * points at is there. Chunk items are up to ~700 KB each, hence their small pages.
 */
const COPY_PHASES: { kinds: ItemKind[]; pageSize: number }[] = [
  { kinds: ["chunk"], pageSize: 8 },
  { kinds: ["value", "write", "writes"], pageSize: 100 },
  { kinds: ["checkpoint"], pageSize: 100 },
];
const HEAD_PAGE_SIZE = 100;
/** Create ⇄ advance flips of one head racing concurrent writers of the target. */
const MAX_HEAD_ROUNDS = 4;

/**
 * The item as the target thread stores it. Item ids (and chunk owner ids) name the namespace,
 * checkpoint, channel and task, never the thread, so they carry over unchanged; the partition
 * fields are the target's. System properties (`_rid`, `_etag`, `_ts`, ...) are the service's.
 */
function rekeyed<T extends StoredItem>(item: T, target: ThreadPartition): T {
  const copy: T = { ...item, ...itemBase(target, item.checkpoint_ns, item.ttl) };
  for (const name of Object.keys(copy)) {
    if (name.startsWith("_")) Reflect.deleteProperty(copy, name);
  }
  if (target.tenantKey === undefined) Reflect.deleteProperty(copy, "tenant_key");
  return copy;
}

/**
 * Inserts items the target does not hold yet, in transactional batches of up to 100 and the
 * byte budget; items it holds under the same ids (its own history, or an earlier attempt of
 * this copy) are left as they are. Returns the ids it did not write (or may not have: a
 * single oversized item is created without telling).
 */
async function insertAll(
  input: CopyThreadInput,
  items: readonly StoredItem[],
): Promise<Set<string>> {
  const skipped = new Set<string>();
  const planned: (PlannedOperation & { body: JSONObject })[] = items.map((item) => {
    const body = itemBody(item);
    return {
      id: item.id,
      body,
      operation: { operationType: "Create", resourceBody: body },
      bytes: Buffer.byteLength(JSON.stringify(body), "utf8"),
    };
  });
  for (const batch of packBatches(planned, input.batchBudgetBytes)) {
    const [only] = batch;
    if (batch.length === 1 && only !== undefined && only.bytes > input.batchBudgetBytes) {
      // A single item near the 2 MB limit would push a batch request past it.
      await createItemIfAbsent(input.container, only.body, input.meter);
      skipped.add(only.id);
      continue;
    }
    const existing = await writeInsertIfAbsent(
      input.container,
      input.target.partitionKey,
      batch,
      input.meter,
      "copyThread",
    );
    for (const id of existing) skipped.add(id);
  }
  return skipped;
}

/**
 * One head, the way `put` moves heads: created when the target namespace has none, else
 * advanced only if it points at an older checkpoint, so a copy never moves the target's
 * latest checkpoint backwards.
 */
async function copyHead(input: CopyThreadInput, head: HeadItem): Promise<void> {
  let operation = createHeadOperation(head);
  for (let round = 0; round < MAX_HEAD_ROUNDS; round += 1) {
    const outcome = await executeBatch(
      input.container,
      input.target.partitionKey,
      [operation],
      input.meter,
    );
    if (outcome.applied || outcome.failedStatus === 412) return;
    operation =
      outcome.failedStatus === 409 ? advanceHeadOperation(head) : createHeadOperation(head);
  }
  throw new CheckpointConflictError(
    "copyThread could not set a head: concurrent writers of the target thread kept moving it",
  );
}

/** Heads of a page: all created in one batch, or one by one when the target has some already. */
async function copyHeads(input: CopyThreadInput, heads: HeadItem[]): Promise<void> {
  const outcome = await executeBatch(
    input.container,
    input.target.partitionKey,
    heads.map(createHeadOperation),
    input.meter,
  );
  if (outcome.applied) return;
  for (const head of heads) await copyHead(input, head);
}

/**
 * Copies every item of the source thread's partition into the target's: page by page, kind
 * by kind (see `COPY_PHASES`), inserted in transactional batches of up to 100, heads last.
 * Insert-if-absent makes a retried copy idempotent and never overwrites what the target
 * already holds (a checkpoint's writes log held by both is merged, see `mergeWritesLog`); the
 * source is only read.
 */
export async function copyThreadItems(input: CopyThreadInput): Promise<void> {
  const { container, source, target, meter } = input;
  /** What the copy added to the target, and whether the target held any of it already. */
  const copied = { checkpoints: 0, storedBytes: 0, targetHeldItems: false };
  for (const phase of COPY_PHASES) {
    for await (const page of queryPages<StoredItem>(
      container,
      itemsOfKindsQuery(phase.kinds),
      { partitionKey: source.partitionKey, maxItemCount: phase.pageSize },
      meter,
    )) {
      const items = page.map((item) => rekeyed(item, target));
      const skipped = await insertAll(input, items);
      if (skipped.size > 0) copied.targetHeldItems = true;
      for (const item of items) {
        if (item.kind === "checkpoint" && !skipped.has(item.id)) {
          copied.checkpoints += 1;
          copied.storedBytes += typeof item.stored_bytes === "number" ? item.stored_bytes : 0;
        }
      }
      // A checkpoint both threads hold: its writes log gains the source's writes it lacks.
      for (const item of items) {
        if (item.kind === "writes" && skipped.has(item.id)) {
          await mergeWritesLog(container, target.partitionKey, item, meter);
        }
      }
    }
  }
  for await (const page of queryPages<HeadItem>(
    container,
    itemsOfKindsQuery(["head"]),
    { partitionKey: source.partitionKey, maxItemCount: HEAD_PAGE_SIZE },
    meter,
  )) {
    await copyHeads(
      input,
      page.map((head) => rekeyed(head, target)),
    );
  }
  if (copied.checkpoints > 0) await addCopiedToTotals(input, copied);
}

/**
 * The copied checkpoints join the target's totals, and the copy counts as the target's last
 * write. A target without a thread item gets one counting everything it now holds (one
 * aggregate query), the copies included: a target none of whose items the copy found is
 * taken to be new and counted that way at once (a query and a batch), else its item is
 * patched (a batch).
 */
async function addCopiedToTotals(
  input: CopyThreadInput,
  copied: { checkpoints: number; storedBytes: number; targetHeldItems: boolean },
): Promise<void> {
  const updatedAt = writeTimeNow();
  const item = newThreadItem(
    input.target,
    { checkpoints: 0, storedBytes: 0, updatedAt },
    input.ttlSeconds,
  );
  const target = {
    container: input.container,
    partitionKey: input.target.partitionKey,
    meter: input.meter,
  };
  const totals = new ThreadTotalsWrite(item, copied.targetHeldItems);
  // Most likely a new thread: its item is created counting what it holds, copies included.
  if (!copied.targetHeldItems) await totals.createFromPartition(target);
  const added = { checkpoints: copied.checkpoints, storedBytes: copied.storedBytes, updatedAt };
  for (let round = 0; round < MAX_HEAD_ROUNDS; round += 1) {
    // The partition's aggregate already counts the copies.
    const delta = totals.createsFromPartition
      ? { checkpoints: 0, storedBytes: 0, updatedAt }
      : added;
    const outcome = await executeBatch(
      input.container,
      input.target.partitionKey,
      [totals.operation(delta)],
      input.meter,
    );
    if (outcome.applied) return;
    if (!(await totals.recover(outcome.failedStatus, target))) break;
  }
  throw new CheckpointConflictError(
    "copyThread could not update the target's thread totals: concurrent writers kept changing them",
  );
}
