import { createHash } from "node:crypto";

/** A deterministic embedding function and the texts it was asked to embed. */
export interface FakeEmbedding {
  dims: number;
  embed(texts: string[]): Promise<number[][]>;
  /** Every text embedded so far, in call order (queries included). */
  readonly embeddedTexts: string[];
}

/**
 * A stand-in for an embeddings model: each character trigram of the lower-cased text adds
 * ±1 to one dimension chosen by a hash, so texts sharing words get similar vectors and the
 * same text always gets the same vector. Not a mock of a database: the stores under test
 * run their real search over these vectors.
 */
export function createFakeEmbedding(dims: number): FakeEmbedding {
  const embeddedTexts: string[] = [];
  return {
    dims,
    embeddedTexts,
    async embed(texts: string[]): Promise<number[][]> {
      embeddedTexts.push(...texts);
      return texts.map((text) => embedOne(text, dims));
    },
  };
}

function embedOne(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0);
  const padded = `  ${text.toLowerCase()}  `;
  for (let index = 0; index + 3 <= padded.length; index += 1) {
    const digest = createHash("sha1")
      .update(padded.slice(index, index + 3))
      .digest();
    const dimension = digest.readUInt32BE(0) % dims;
    vector[dimension] = (vector[dimension] ?? 0) + ((digest[4] ?? 0) % 2 === 0 ? 1 : -1);
  }
  return vector;
}

/** Cosine similarity; 0 when either vector has no length. */
export function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftSquares = 0;
  let rightSquares = 0;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftSquares += a * a;
    rightSquares += b * b;
  }
  if (leftSquares === 0 || rightSquares === 0) return 0;
  return dot / (Math.sqrt(leftSquares) * Math.sqrt(rightSquares));
}

/** One stored item as the brute-force reference sees it: its key and the texts it embeds. */
export interface ReferenceDocument {
  key: string;
  texts: readonly string[];
}

export interface RankedKey {
  key: string;
  score: number;
}

/**
 * The exact answer to a semantic search: every document scored by its best-matching text,
 * highest first (ties by key), computed one vector at a time.
 */
export async function bruteForceRanking(
  embedding: Pick<FakeEmbedding, "dims">,
  query: string,
  documents: readonly ReferenceDocument[],
): Promise<RankedKey[]> {
  const queryVector = embedOne(query, embedding.dims);
  const ranked = documents
    .filter((document) => document.texts.length > 0)
    .map((document) => ({
      key: document.key,
      score: Math.max(
        ...document.texts.map((text) =>
          cosineSimilarity(queryVector, embedOne(text, embedding.dims)),
        ),
      ),
    }));
  return ranked.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
}
