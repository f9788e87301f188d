import type { Container } from "@azure/cosmos";
import { newContainer, useCosmosServer } from "./cosmos-fixture.js";

const cosmos = useCosmosServer();

/** A container whose vector policy ranks `/v` by `distanceFunction`. */
function vectorContainer(distanceFunction: string): Promise<Container> {
  return newContainer(cosmos().database, {
    vectorEmbeddingPolicy: {
      vectorEmbeddings: [
        { path: "/v", dataType: "float32", dimensions: 2, distanceFunction } as never,
      ],
    },
  });
}

const ITEMS = [
  { id: "east", pk: "p", v: [1, 0] },
  { id: "north", pk: "p", v: [0, 2] },
  { id: "diagonal", pk: "p", v: [3, 3] },
  { id: "west", pk: "p", v: [-1, 0] },
];

async function ranked(container: Container, top: number) {
  for (const item of ITEMS) await container.items.create(item);
  const { resources } = await container.items
    .query<{ id: string; d: number }>({
      query:
        "SELECT TOP @top c.id, VectorDistance(c.v, @q) AS d FROM c WHERE c.pk = 'p' ORDER BY VectorDistance(c.v, @q)",
      parameters: [
        { name: "@top", value: top },
        { name: "@q", value: [1, 0] },
      ],
    })
    .fetchAll();
  return resources;
}

describe("VectorDistance", () => {
  it("keeps the vector embedding policy a container was created with", async () => {
    const container = await vectorContainer("cosine");
    const { resource } = await container.read();
    expect(resource?.vectorEmbeddingPolicy?.vectorEmbeddings[0]).toMatchObject({
      path: "/v",
      dimensions: 2,
      distanceFunction: "cosine",
    });
  });

  it("cosine: most similar first, TOP cuts, the score is projected", async () => {
    const results = await ranked(await vectorContainer("cosine"), 3);
    expect(results.map((row) => row.id)).toEqual(["east", "diagonal", "north"]);
    expect(results[1]?.d).toBeCloseTo(Math.SQRT1_2, 12);
    expect(results[2]?.d).toBe(0);
  });

  it("dotproduct: largest product first", async () => {
    const results = await ranked(await vectorContainer("dotproduct"), 4);
    expect(results.map((row) => [row.id, row.d])).toEqual([
      ["diagonal", 3],
      ["east", 1],
      ["north", 0],
      ["west", -1],
    ]);
  });

  it("euclidean: smallest distance first", async () => {
    const results = await ranked(await vectorContainer("euclidean"), 2);
    expect(results.map((row) => row.id)).toEqual(["east", "west"]);
    expect(results[1]?.d).toBe(2);
  });

  it("a path the container's vector policy does not name is refused", async () => {
    const container = await newContainer(cosmos().database);
    await expect(ranked(container, 1)).rejects.toMatchObject({ code: 400 });
  });
});
