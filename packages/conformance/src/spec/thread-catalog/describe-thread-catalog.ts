import type { PruneOptions, PruneResult, ThreadListing } from "@checkpointkit/core";
import { resolveCapabilities, type SaverCapabilities } from "../../capabilities.js";
import type { SaverHarness } from "../../harness.js";
import { itWhen } from "../capability-gate.js";
import { freshThreadId, SPEC_TIMEOUT_MS, useSaver } from "../fixtures.js";
import { useHarnessLifecycle } from "../harness-lifecycle.js";
import { catalogInputSpecs } from "./catalog-input-specs.js";
import {
  type CatalogSaver,
  freshRunPrefix,
  ISO_8601_INSTANT,
  listAllPages,
  listedIds,
  listingOf,
  putSizedChain,
  putThread,
  recordedBytes,
  SUBGRAPH_NS,
  WHOLE_LISTING_LIMIT,
  waitForClockPast,
} from "./catalog-support.js";

interface OptionalRetention {
  prune?(options: PruneOptions): Promise<PruneResult>;
  copyThread?(fromThreadId: string, toThreadId: string): Promise<void>;
}

/** The listing of `threadId`, which the spec just wrote: it must be there. */
async function listed(saver: CatalogSaver, threadId: string): Promise<ThreadListing> {
  const listing = await listingOf(saver, threadId);
  if (listing === undefined) throw new Error(`listThreads does not list ${threadId}`);
  return listing;
}

/**
 * `listThreads` (core's `ThreadCatalog`): threads most recently written first, each with its
 * checkpoint count over every namespace and the stored bytes of its checkpoints' size records;
 * pages that visit every thread once; a prefix filter taken literally; bad options and
 * damaged cursors refused with `InvalidConfigError`; deleted and pruned checkpoints gone from
 * the counts. Every listing filters on a prefix of its own: suites share servers. `prune` and
 * `copyThread` specs run when `capabilities` says the saver has them.
 */
export function describeThreadCatalog<S extends CatalogSaver>(
  harness: SaverHarness<S>,
  capabilities: Partial<SaverCapabilities> = {},
): void {
  const resolved = resolveCapabilities(capabilities);
  describe(`thread catalog: ${harness.name}`, () => {
    useHarnessLifecycle(harness);
    // A nested block: its saver is destroyed before the harness's afterAll runs.
    describe("listThreads", () => {
      registerCatalogSpecs(
        useSaver(harness as unknown as SaverHarness) as () => CatalogSaver,
        resolved,
      );
    });
  });
}

function registerCatalogSpecs(saver: () => CatalogSaver, resolved: SaverCapabilities): void {
  const retention = () => saver() as CatalogSaver & OptionalRetention;

  it(
    "lists threads most recently written first, with every namespace's checkpoints and their recorded bytes",
    async () => {
      const run = freshRunPrefix("catalog-order");
      // Written to make the saver's clock step past a thread's updatedAt (see waitForClockPast).
      const probeThreadId = freshThreadId("catalog-clock-probe");
      // Written in an order that is neither ascending nor descending by id.
      const [middle, last, first] = [`${run}m`, `${run}z`, `${run}a`];
      const configs = new Map<string, Awaited<ReturnType<typeof putThread>>>();
      for (const [index, threadId] of [middle, last, first].entries()) {
        if (index > 0) {
          const previous = await listed(saver(), [middle, last, first][index - 1] as string);
          await waitForClockPast(saver(), probeThreadId, previous.updatedAt);
        }
        configs.set(threadId, await putThread(saver(), threadId, index + 1, 1));
      }
      const page = await saver().listThreads({ threadIdPrefix: run });
      expect(page.nextCursor).toBeNull();
      expect(page.threads.map((thread) => thread.threadId)).toEqual([first, last, middle]);
      for (const [index, thread] of page.threads.entries()) {
        const written = configs.get(thread.threadId) ?? [];
        expect(thread.checkpointCount).toBe(written.length);
        expect(thread.storedBytes).toBe(await recordedBytes(saver(), written));
        expect(thread.updatedAt).toMatch(ISO_8601_INSTANT);
        const newer = page.threads[index - 1];
        if (newer !== undefined) {
          expect(Date.parse(thread.updatedAt)).toBeLessThan(Date.parse(newer.updatedAt));
        }
      }

      // Pending writes are not part of a thread's stored bytes or checkpoint count.
      const oldest = await listed(saver(), middle);
      const middleConfigs = configs.get(middle) ?? [];
      await saver().putWrites(middleConfigs.at(-1)!, [["notes", "pending"]], "task");
      expect(await listed(saver(), middle)).toMatchObject({
        checkpointCount: oldest.checkpointCount,
        storedBytes: oldest.storedBytes,
      });

      // A new checkpoint on the oldest thread moves it to the front and adds its record.
      await waitForClockPast(saver(), probeThreadId, page.threads[0]!.updatedAt);
      const [added] = await putSizedChain(saver(), middle, "", 1);
      const moved = await saver().listThreads({ threadIdPrefix: run });
      expect(moved.threads.map((thread) => thread.threadId)).toEqual([middle, first, last]);
      expect(moved.threads[0]).toMatchObject({
        checkpointCount: oldest.checkpointCount + 1,
        storedBytes: oldest.storedBytes + (await recordedBytes(saver(), [added!])),
      });
      await saver().deleteThread(probeThreadId);
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "pages of any limit visit every thread exactly once, in the order of one whole page",
    async () => {
      const run = freshRunPrefix("catalog-pages");
      const ids = ["c", "f", "a", "g", "b", "e", "d"].map((name) => `${run}${name}`);
      for (const threadId of ids) await putThread(saver(), threadId, 1);
      const whole = await saver().listThreads({
        threadIdPrefix: run,
        limit: WHOLE_LISTING_LIMIT,
      });
      expect(whole.nextCursor).toBeNull();
      const order = whole.threads.map((thread) => thread.threadId);
      expect([...order].sort()).toEqual([...ids].sort());
      expect(await listedIds(saver(), run, 50)).toEqual(order);
      for (const limit of [1, 2, 3, 7]) {
        const pages = await listAllPages(saver(), run, limit);
        for (const page of pages) expect(page.threads.length).toBeLessThanOrEqual(limit);
        expect(pages.at(-1)?.nextCursor).toBeNull();
        const paged = pages.flatMap((page) => page.threads);
        expect({ limit, ids: paged.map((thread) => thread.threadId) }).toEqual({
          limit,
          ids: order,
        });
        expect(paged).toEqual(whole.threads);
      }
    },
    SPEC_TIMEOUT_MS,
  );

  it(
    "a deleted thread disappears from the listing with its size records; others stay",
    async () => {
      const run = freshRunPrefix("catalog-delete");
      const [kept, deleted] = [`${run}kept`, `${run}deleted`];
      await putThread(saver(), kept, 2);
      const deletedConfigs = await putThread(saver(), deleted, 2, 1);
      await saver().deleteThread(deleted);
      expect(await listedIds(saver(), run)).toEqual([kept]);
      for (const config of deletedConfigs) {
        expect(await saver().getCheckpointSize(config)).toBeUndefined();
      }
    },
    SPEC_TIMEOUT_MS,
  );

  itWhen(resolved, "prune")(
    "prune shrinks a thread's count and bytes to the checkpoints it keeps",
    async () => {
      const run = freshRunPrefix("catalog-prune");
      const threadId = `${run}pruned`;
      const root = await putSizedChain(saver(), threadId, "", 4);
      const subgraph = await putSizedChain(saver(), threadId, SUBGRAPH_NS, 2);
      expect((await listed(saver(), threadId)).checkpointCount).toBe(6);
      await retention().prune!({ threadId, keepLatest: 1 });
      const kept = [root.at(-1)!, subgraph.at(-1)!];
      expect(await listed(saver(), threadId)).toMatchObject({
        checkpointCount: 2,
        storedBytes: await recordedBytes(saver(), kept),
      });
      for (const config of [...root.slice(0, -1), ...subgraph.slice(0, -1)]) {
        expect(await saver().getCheckpointSize(config)).toBeUndefined();
      }
    },
    SPEC_TIMEOUT_MS,
  );

  itWhen(resolved, "copyThread")(
    "a copied thread is listed with the source's count and bytes, and its checkpoints' records",
    async () => {
      const run = freshRunPrefix("catalog-copy");
      const [source, target] = [`${run}source`, `${run}target`];
      const configs = await putThread(saver(), source, 2, 1);
      await retention().copyThread!(source, target);
      const from = await listed(saver(), source);
      expect(await listed(saver(), target)).toMatchObject({
        checkpointCount: from.checkpointCount,
        storedBytes: from.storedBytes,
      });
      for (const config of configs) {
        const copied = {
          configurable: { ...config.configurable, thread_id: target },
        };
        expect(await saver().getCheckpointSize(copied)).toEqual(
          await saver().getCheckpointSize(config),
        );
      }
    },
    SPEC_TIMEOUT_MS,
  );

  catalogInputSpecs(saver);
}
