import type { StoreEmbedder } from "../store-embedding/index.js";

/**
 * The vector of every distinct semantic query of a batch's searches, embedded in one call to
 * the model (a query two searches share is embedded once). Empty without an embedder: the
 * store then ignores `query`.
 */
export async function embedSearchQueries(
  embedder: StoreEmbedder | undefined,
  searches: readonly { query: string | undefined }[],
): Promise<Map<string, number[]>> {
  const queries = [
    ...new Set(searches.flatMap((search) => (search.query === undefined ? [] : [search.query]))),
  ];
  if (embedder === undefined || queries.length === 0) return new Map();
  const vectors = await embedder.embedQueries(queries);
  return new Map(queries.map((query, index) => [query, vectors[index] as number[]]));
}
