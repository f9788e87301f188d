import type { Container } from "@azure/cosmos";
import { type RequestMeter, readItem } from "../cosmos-requests.js";
import type { GetRequest } from "./store-batch-plan.js";
import { STORE_ITEM_KIND, type StoreItemDocument } from "./store-items.js";

/**
 * The batch's gets as point reads, all at once: a point read is the cheapest request Cosmos
 * DB has (1 RU for an item up to 1 KB) and needs no query plan; N gets are N requests.
 */
export async function readItems(
  container: Container,
  gets: readonly GetRequest[],
  meter: RequestMeter,
): Promise<(StoreItemDocument | undefined)[]> {
  return Promise.all(
    gets.map(async ({ address }) => {
      const document = await readItem<StoreItemDocument>(
        container,
        address.id,
        address.partitionKey,
        meter,
      );
      return document?.kind === STORE_ITEM_KIND ? document : undefined;
    }),
  );
}
