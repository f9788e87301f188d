import type { Container } from "@azure/cosmos";
import { newContainer, sleep, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

/** Longer than the 1 s TTLs below, with margin for a loaded machine. */
const PAST_ONE_SECOND_TTL_MS = 1_300;

async function visibleIds(container: Container): Promise<string[]> {
  const { resources } = await container.items
    .query<string>("SELECT VALUE c.id FROM c ORDER BY c.id")
    .fetchAll();
  return resources;
}

async function pointRead(container: Container, id: string): Promise<unknown> {
  const { resource } = await container.item(id, id).read();
  return resource;
}

describe("time to live", () => {
  it.concurrent("expires items after the container's defaultTtl, from reads and queries alike", async () => {
    const container = await newContainer(cosmos().database, {
      partitionKey: { paths: ["/id"] },
      defaultTtl: 1,
    });
    await container.items.create({ id: "short" });
    await container.items.create({ id: "forever", ttl: -1 });
    expect(await pointRead(container, "short")).toMatchObject({ id: "short" });

    await sleep(PAST_ONE_SECOND_TTL_MS);

    expect(await pointRead(container, "short")).toBeUndefined();
    expect(await visibleIds(container)).toEqual(["forever"]);
    // An expired item is gone, so its id is free again.
    const { statusCode } = await container.items.create({ id: "short" });
    expect(statusCode).toBe(201);
  });

  it.concurrent("expires items by their own ttl when the container has TTL on without a default (-1)", async () => {
    const container = await newContainer(cosmos().database, {
      partitionKey: { paths: ["/id"] },
      defaultTtl: -1,
    });
    await container.items.create({ id: "item-ttl", ttl: 1 });
    await container.items.create({ id: "no-ttl" });
    await container.items.create({ id: "long-ttl", ttl: 3600 });

    await sleep(PAST_ONE_SECOND_TTL_MS);

    expect(await visibleIds(container)).toEqual(["long-ttl", "no-ttl"]);
    expect(await pointRead(container, "item-ttl")).toBeUndefined();
  });

  it.concurrent("ignores item ttl values while the container has TTL off, and counts from the last write", async () => {
    const off = await newContainer(cosmos().database, { partitionKey: { paths: ["/id"] } });
    await off.items.create({ id: "kept", ttl: 1 });
    const on = await newContainer(cosmos().database, {
      partitionKey: { paths: ["/id"] },
      defaultTtl: 2,
    });
    await on.items.create({ id: "rewritten" });

    await sleep(PAST_ONE_SECOND_TTL_MS);
    await on.items.upsert({ id: "rewritten", touched: true });
    await sleep(PAST_ONE_SECOND_TTL_MS);

    expect(await pointRead(off, "kept")).toMatchObject({ id: "kept" });
    // 2.6 s after the create but 1.3 s after the upsert: still alive.
    expect(await pointRead(on, "rewritten")).toMatchObject({ touched: true });
  });

  it.concurrent("switches TTL on with container.replace and keeps the items", async () => {
    const container = await newContainer(cosmos().database, { partitionKey: { paths: ["/id"] } });
    await container.items.create({ id: "a", ttl: 1 });
    await container.items.create({ id: "b" });

    const { resource: definition } = await container.read();
    await container.replace({ ...definition!, defaultTtl: -1 });
    expect(await visibleIds(container)).toEqual(["a", "b"]);

    await sleep(PAST_ONE_SECOND_TTL_MS);
    expect(await visibleIds(container)).toEqual(["b"]);
  });
});
