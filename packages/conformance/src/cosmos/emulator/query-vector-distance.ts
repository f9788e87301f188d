/**
 * `VectorDistance(c.path, @vector)` in SELECT and ORDER BY, which the service runs on a
 * container whose `vectorEmbeddingPolicy` names the path and the base server's query engine
 * does not parse. Each call is computed per item (exactly, in float64: the test server is a
 * flat index) into a hidden property the engine can read, the call is replaced by that
 * property, and `ORDER BY` of it sorts most similar first, as the service does: descending
 * for cosine and dotproduct, ascending for euclidean. Only `c.<name>` paths and `@parameter`
 * vectors are understood (what the stores send); anything else is refused.
 */
import type { ContainerDefinition, StoredItem } from "./base-server.js";

type DistanceFunction = "cosine" | "dotproduct" | "euclidean";

interface VectorEmbedding {
  path: string;
  distanceFunction?: string;
}

const CALL = /VectorDistance\s*\(\s*c\.(\w+)\s*,\s*(@\w+)\s*(?:,\s*(?:true|false)\s*)?\)/gi;
const HIDDEN_PREFIX = "__vector_distance_";

function distanceFunctionOf(container: ContainerDefinition, path: string): DistanceFunction {
  const policy = container.vectorEmbeddingPolicy as
    | { vectorEmbeddings?: VectorEmbedding[] }
    | undefined;
  const embedding = policy?.vectorEmbeddings?.find((entry) => entry.path === `/${path}`);
  if (embedding === undefined) {
    // Modelled refusal: the store only sends VectorDistance where the policy names the path.
    throw new Error(`The vector embedding policy of the container has no path /${path}.`);
  }
  const name = (embedding.distanceFunction ?? "cosine").toLowerCase();
  if (name !== "cosine" && name !== "dotproduct" && name !== "euclidean") {
    throw new Error(`Unknown distance function ${embedding.distanceFunction}.`);
  }
  return name;
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((member) => typeof member === "number");
}

export function vectorDistance(
  left: readonly number[],
  right: readonly number[],
  distance: DistanceFunction,
): number {
  let dot = 0;
  let leftSquares = 0;
  let rightSquares = 0;
  let squaredGap = 0;
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftSquares += a * a;
    rightSquares += b * b;
    squaredGap += (a - b) * (a - b);
  }
  if (distance === "dotproduct") return dot;
  if (distance === "euclidean") return Math.sqrt(squaredGap);
  if (leftSquares === 0 || rightSquares === 0) return 0;
  return dot / (Math.sqrt(leftSquares) * Math.sqrt(rightSquares));
}

/** The query and items the engine can run, or undefined when the query has no VectorDistance. */
export function withVectorDistances(
  query: string,
  items: readonly StoredItem[],
  parameters: readonly { name: string; value: unknown }[],
  container: ContainerDefinition,
): { query: string; items: StoredItem[] } | undefined {
  const calls: { path: string; vector: number[]; distance: DistanceFunction }[] = [];
  const rewritten = query.replace(CALL, (_call, path: string, parameter: string) => {
    const vector = parameters.find((entry) => entry.name === parameter)?.value;
    if (!isVector(vector)) throw new Error(`${parameter} must be an array of numbers.`);
    calls.push({ path, vector, distance: distanceFunctionOf(container, path) });
    return `c["${HIDDEN_PREFIX}${calls.length - 1}"]`;
  });
  if (calls.length === 0) {
    if (/VectorDistance\s*\(/i.test(query)) {
      throw new Error("The test server runs VectorDistance(c.<path>, @vector) only.");
    }
    return undefined;
  }
  const ordered = rewritten.replace(
    new RegExp(`(ORDER\\s+BY\\s+c\\["${HIDDEN_PREFIX}(\\d+)"\\])(\\s+(?:ASC|DESC))?`, "gi"),
    (_clause, head: string, index: string) =>
      `${head} ${calls[Number(index)]?.distance === "euclidean" ? "ASC" : "DESC"}`,
  );
  const scored = items.map((item) => {
    const copy: StoredItem = { ...item };
    calls.forEach((call, index) => {
      const stored = item[call.path];
      if (isVector(stored)) {
        copy[`${HIDDEN_PREFIX}${index}`] = vectorDistance(stored, call.vector, call.distance);
      }
    });
    return copy;
  });
  return { query: ordered, items: scored };
}
