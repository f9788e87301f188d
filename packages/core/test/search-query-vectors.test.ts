import { embedSearchQueries, StoreEmbedder } from "../src/internal.js";

describe("embedSearchQueries", () => {
  it("embeds each distinct query once, in one call, and nothing without an embedder", async () => {
    const calls: string[][] = [];
    const embedder = new StoreEmbedder({
      dims: 1,
      embed: async (texts) => {
        calls.push(texts);
        return texts.map((text) => [text.length]);
      },
    });
    const searches = [{ query: "ab" }, { query: undefined }, { query: "abc" }, { query: "ab" }];
    const vectors = await embedSearchQueries(embedder, searches);
    expect(calls).toEqual([["ab", "abc"]]);
    expect([...vectors]).toEqual([
      ["ab", [2]],
      ["abc", [3]],
    ]);
    expect(await embedSearchQueries(embedder, [{ query: undefined }])).toEqual(new Map());
    expect(await embedSearchQueries(undefined, searches)).toEqual(new Map());
    expect(calls).toHaveLength(1);
  });
});
