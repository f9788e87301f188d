import type { BaseStore } from "@langchain/langgraph-checkpoint";
import type { StoreCapabilities } from "./store-capabilities.js";
import { freshRoot, keysOf, sleep, useStore } from "./store-fixtures.js";
import type { StoreHarness } from "./store-harness.js";

const TTL_SECONDS = 2;
/** Reads this often keep an item alive: well inside the TTL, even on a loaded machine. */
const READ_EVERY_MS = 500;
/** Generous: a sweep may run late; the spec passes as soon as the item is gone. */
const EXPIRY_WAIT_MS = 15_000;

async function isGone(store: BaseStore, namespace: string[], key: string): Promise<boolean> {
  return (await store.batch([{ namespace, key }]))[0] === null;
}

/** Items expire after the TTL; a get or a search that returns an item starts it again. */
export function storeTtlSpec(harness: StoreHarness, capabilities: StoreCapabilities): void {
  const block = capabilities.ttl ? describe : describe.skip;
  block(`ttl${capabilities.ttl ? "" : " [skipped: capability ttl is false]"}`, () => {
    const store = useStore(harness, { ttlSeconds: TTL_SECONDS });

    it(
      `items expire after ${TTL_SECONDS} s unless a get or a search reads them`,
      async () => {
        const root = freshRoot();
        await store().put([root, "read"], "by-get", { v: 1 });
        await store().put([root, "searched"], "by-search", { v: 2 });
        await store().put([root, "idle"], "idle", { v: 3 });

        const startedAt = Date.now();
        while (Date.now() - startedAt < (TTL_SECONDS + 1) * 1000) {
          expect(await store().get([root, "read"], "by-get")).not.toBeNull();
          expect(keysOf(await store().search([root, "searched"]))).toEqual(["by-search"]);
          await sleep(READ_EVERY_MS);
        }
        // The idle item is past its TTL: invisible to every read, swept or not.
        expect(await store().get([root, "idle"], "idle")).toBeNull();
        expect(keysOf(await store().search([root], { limit: 10 })).sort()).toEqual([
          "by-get",
          "by-search",
        ]);
        expect(await store().listNamespaces({ prefix: [root] })).toEqual([
          [root, "read"],
          [root, "searched"],
        ]);

        // Without reads, the refreshed items expire too.
        const deadline = Date.now() + EXPIRY_WAIT_MS;
        while (
          !(
            (await isGone(store(), [root, "read"], "by-get")) &&
            (await isGone(store(), [root, "searched"], "by-search"))
          )
        ) {
          if (Date.now() > deadline) throw new Error("the refreshed items never expired");
          // A batch get refreshes too, so poll rarely: each poll may restart the TTL.
          await sleep((TTL_SECONDS + 0.5) * 1000);
        }
      },
      (TTL_SECONDS + 1) * 1000 + EXPIRY_WAIT_MS + 15_000,
    );
  });
}
