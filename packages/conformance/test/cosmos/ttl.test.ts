import type { Container } from "@azure/cosmos";
import { waitUntil } from "../../src/spec/fixtures.js";
import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

/** How long an item with a 1-2 s TTL may take to disappear on a loaded machine before we give up. */
const EXPIRY_TIMEOUT_MS = 10_000;
const EXPIRY_POLL_INTERVAL_MS = 100;

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

/** Polls until a point read of `id` finds nothing; fails the test if it never does. */
async function waitUntilGone(container: Container, id: string): Promise<void> {
  const gone = await waitUntil(
    async () => (await pointRead(container, id)) === undefined,
    EXPIRY_TIMEOUT_MS,
    EXPIRY_POLL_INTERVAL_MS,
  );
  expect(gone).toBe(true);
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

    await waitUntilGone(container, "short");

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

    const queryDropsIt = await waitUntil(
      async () => !(await visibleIds(container)).includes("item-ttl"),
      EXPIRY_TIMEOUT_MS,
      EXPIRY_POLL_INTERVAL_MS,
    );
    expect(queryDropsIt).toBe(true);

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
    // Twins written with "rewritten" that nobody touches again: their expiry marks when time has
    // passed, so the test waits for a condition rather than a guessed duration.
    await on.items.create({ id: "one-second-twin", ttl: 1 });
    await on.items.create({ id: "untouched-twin" });

    await waitUntilGone(on, "one-second-twin");
    await on.items.upsert({ id: "rewritten", touched: true });
    await waitUntilGone(on, "untouched-twin");

    expect(await pointRead(off, "kept")).toMatchObject({ id: "kept" });
    // Past the create's 2 s TTL (its untouched twin is gone) but about 1 s after the upsert: still alive.
    expect(await pointRead(on, "rewritten")).toMatchObject({ touched: true });
  });

  it.concurrent("switches TTL on with container.replace and keeps the items", async () => {
    const container = await newContainer(cosmos().database, { partitionKey: { paths: ["/id"] } });
    await container.items.create({ id: "a", ttl: 1 });
    await container.items.create({ id: "b" });

    const { resource: definition } = await container.read();
    await container.replace({ ...definition!, defaultTtl: -1 });
    expect(await visibleIds(container)).toEqual(["a", "b"]);

    await waitUntilGone(container, "a");
    expect(await visibleIds(container)).toEqual(["b"]);
  });
});
