import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

describe("point operations", () => {
  it("honours ifMatch on replace, upsert, delete and patch, and ifNoneMatch on read", async () => {
    const container = await newContainer(cosmos().database);
    const { resource: created, etag } = await container.items.create({ id: "x", pk: "a", v: 1 });
    expect(etag).toBe(created!._etag);
    const { resource: current } = await container
      .item("x", "a")
      .replace(
        { id: "x", pk: "a", v: 2 },
        { accessCondition: { type: "IfMatch", condition: etag } },
      );
    const stale = { accessCondition: { type: "IfMatch", condition: etag } };

    await expect(
      container.item("x", "a").replace({ id: "x", pk: "a" }, stale),
    ).rejects.toMatchObject({ code: 412 });
    await expect(container.items.upsert({ id: "x", pk: "a" }, stale)).rejects.toMatchObject({
      code: 412,
    });
    await expect(container.item("x", "a").delete(stale)).rejects.toMatchObject({ code: 412 });
    await expect(
      container.item("x", "a").patch([{ op: "set", path: "/v", value: 9 }], stale),
    ).rejects.toMatchObject({ code: 412 });

    const unchanged = await container
      .item("x", "a")
      .read({ accessCondition: { type: "IfNoneMatch", condition: current!._etag } });
    expect(unchanged.statusCode).toBe(304);
    const changed = await container
      .item("x", "a")
      .read({ accessCondition: { type: "IfNoneMatch", condition: etag } });
    expect(changed.resource).toMatchObject({ v: 2 });
  });

  it("patches a single item and refuses to patch its id or partition key", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "x", pk: "a", tags: ["t"], count: 1 });
    const { resource } = await container.item("x", "a").patch([
      { op: "add", path: "/tags/-", value: "u" },
      { op: "incr", path: "/count", value: 2 },
    ]);
    expect(resource).toMatchObject({ tags: ["t", "u"], count: 3 });
    await expect(
      container.item("x", "a").patch([{ op: "set", path: "/pk", value: "b" }]),
    ).rejects.toMatchObject({ code: 400 });
    await expect(
      container.item("x", "a").patch([{ op: "remove", path: "/missing" }]),
    ).rejects.toMatchObject({ code: 400 });
  });

  it("keeps items apart that share an id but not a partition key, also with ':' in keys", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "b:c", pk: "a", side: 1 });
    await container.items.create({ id: "c", pk: "a:b", side: 2 });
    await container.items.create({ id: "b:c", pk: "other", side: 3 });
    const { resource } = await container.item("c", "a:b").read();
    expect(resource).toMatchObject({ side: 2 });
    const { resource: wrongPartition } = await container.item("c", "a").read();
    expect(wrongPartition).toBeUndefined();
  });

  it("refuses ids with '/', '\\\\', '?' or '#' and ids over 1023 bytes with 400", async () => {
    const container = await newContainer(cosmos().database);
    // The SDK itself refuses '/', '\\' and '#' in point writes; '?' and batches reach the server.
    for (const id of ["a/b", "a\\b", "a#b"]) {
      await expect(container.items.create({ id, pk: "a" })).rejects.toMatchObject({
        message: expect.stringMatching(/illegal/),
      });
    }
    await expect(container.items.create({ id: "a?b", pk: "a" })).rejects.toMatchObject({
      code: 400,
    });
    for (const id of ["a/b", "a\\b", "a?b", "a#b"]) {
      const response = await container.items.batch(
        [{ operationType: "Create", resourceBody: { id, pk: "a" } }],
        "a",
      );
      expect(response.result![0]!.statusCode).toBe(400);
    }
    await expect(container.items.create({ id: "x".repeat(1024), pk: "a" })).rejects.toMatchObject({
      code: 400,
    });
    const { statusCode } = await container.items.create({ id: "x".repeat(1023), pk: "a" });
    expect(statusCode).toBe(201);
  });
});

describe("unique keys", () => {
  it("refuses a second item of the same partition with the same unique value with 409", async () => {
    const container = await newContainer(cosmos().database, {
      uniqueKeyPolicy: { uniqueKeys: [{ paths: ["/email"] }] },
    });
    await container.items.create({ id: "1", pk: "a", email: "x@example.com" });
    await expect(
      container.items.create({ id: "2", pk: "a", email: "x@example.com" }),
    ).rejects.toMatchObject({ code: 409 });
    const { statusCode } = await container.items.create({
      id: "2",
      pk: "b",
      email: "x@example.com",
    });
    expect(statusCode).toBe(201);
  });
});

describe("hierarchical partition keys", () => {
  it("keys items by every component and scopes queries to a key or a key prefix", async () => {
    const container = await newContainer(cosmos().database, {
      partitionKey: { paths: ["/tenant", "/thread"], version: 2, kind: "MultiHash" as never },
    });
    await container.items.create({ id: "x", tenant: "t1", thread: "a", n: 1 });
    await container.items.create({ id: "x", tenant: "t1", thread: "b", n: 2 });
    await container.items.create({ id: "x", tenant: "t2", thread: "a", n: 3 });

    const { resource } = await container.item("x", ["t1", "b"]).read();
    expect(resource).toMatchObject({ n: 2 });
    const { resources: oneThread } = await container.items
      .query<number>("SELECT VALUE c.n FROM c", { partitionKey: ["t1", "a"] })
      .fetchAll();
    expect(oneThread).toEqual([1]);
    const { resources: oneTenant } = await container.items
      .query<number>("SELECT VALUE c.n FROM c ORDER BY c.n", { partitionKey: ["t1"] })
      .fetchAll();
    expect(oneTenant).toEqual([1, 2]);
  });
});

describe("queries", () => {
  it("pages `ORDER BY c.id DESC` within one partition with maxItemCount and continuation tokens", async () => {
    const container = await newContainer(cosmos().database);
    for (const id of ["c1", "c2", "c3", "c4", "c5"]) await container.items.create({ id, pk: "t" });
    await container.items.create({ id: "c9", pk: "other" });

    const pages: string[][] = [];
    let continuationToken: string | undefined;
    do {
      const iterator = container.items.query<{ id: string }>(
        "SELECT c.id FROM c ORDER BY c.id DESC",
        {
          partitionKey: "t",
          maxItemCount: 2,
          ...(continuationToken ? { continuationToken } : {}),
        },
      );
      const page = await iterator.fetchNext();
      pages.push(page.resources.map((item) => item.id));
      continuationToken = page.continuationToken;
    } while (continuationToken);

    expect(pages).toEqual([["c5", "c4"], ["c3", "c2"], ["c1"]]);
  });

  it("binds parameters and refuses malformed SQL with 400", async () => {
    const container = await newContainer(cosmos().database);
    await container.items.create({ id: "x", pk: "t", owner: "Ann" });
    const { resources } = await container.items
      .query({
        query: "SELECT VALUE c.id FROM c WHERE c.owner = @owner",
        parameters: [{ name: "@owner", value: "Ann" }],
      })
      .fetchAll();
    expect(resources).toEqual(["x"]);
    await expect(container.items.query("SELEKT * FROM c").fetchAll()).rejects.toMatchObject({
      code: 400,
    });
  });
});
