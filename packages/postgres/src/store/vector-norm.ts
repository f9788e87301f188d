/** Euclidean length, stored beside each vector so the exact search divides instead of re-summing. */
export function vectorNorm(vector: readonly number[]): number {
  let squares = 0;
  for (const component of vector) squares += component * component;
  return Math.sqrt(squares);
}
