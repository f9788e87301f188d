/**
 * Vectors as the Lua search reads them: little-endian float64 (Lua numbers are doubles, so
 * scores come out as exact as a brute-force search in JavaScript), each vector preceded by
 * its Euclidean length so the script divides instead of summing squares again. One item's
 * vectors are concatenated: `[norm, v1..vdims]` repeated, `(dims + 1) * 8` bytes each.
 */
export function packVectors(vectors: readonly (readonly number[])[]): Buffer {
  const dims = vectors[0]?.length ?? 0;
  const packed = Buffer.allocUnsafe(vectors.length * (dims + 1) * 8);
  let offset = 0;
  for (const vector of vectors) {
    let squares = 0;
    for (const component of vector) squares += component * component;
    packed.writeDoubleLE(Math.sqrt(squares), offset);
    offset += 8;
    for (const component of vector) {
      packed.writeDoubleLE(component, offset);
      offset += 8;
    }
  }
  return packed;
}
