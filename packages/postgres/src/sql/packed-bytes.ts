import type { SqlParameters } from "./sql-parameters.js";

/**
 * Many byte strings sent as ONE `bytea` parameter plus offset and length arrays. A `bytea[]`
 * parameter or result travels as hex text inside an array literal, which doubles its size
 * and is parsed character by character in JavaScript; a single `bytea` travels raw (as a
 * parameter) or as hex that Node decodes natively (as a result), and SQL cuts it apart
 * with `substring`.
 */
export interface PackedBytesColumns {
  /** The `bytea` placeholder of the concatenated bytes. */
  packed: string;
  /** `integer[]` placeholders of each value's 0-based offset and length (-1 = NULL). */
  offsets: string;
  lengths: string;
}

export function addPackedBytes(
  params: SqlParameters,
  values: readonly (Uint8Array | null)[],
): PackedBytesColumns {
  const offsets: number[] = [];
  const lengths: number[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const value of values) {
    offsets.push(offset);
    if (value === null) {
      lengths.push(-1);
    } else {
      lengths.push(value.byteLength);
      parts.push(value);
      offset += value.byteLength;
    }
  }
  return {
    packed: params.add(Buffer.concat(parts), "bytea"),
    offsets: params.add(offsets, "integer[]"),
    lengths: params.add(lengths, "integer[]"),
  };
}

/** SQL cutting one value out of packed bytes, given the row's offset and length columns. */
export function unpackSql(packed: string, offsetColumn: string, lengthColumn: string): string {
  return `CASE WHEN ${lengthColumn} < 0 THEN NULL ELSE substring(${packed} FROM ${offsetColumn} + 1 FOR ${lengthColumn}) END`;
}

/** Cuts a result's concatenated bytes back into values, in aggregate order. */
export function unpackBytes(packed: Buffer | null, lengths: readonly number[] | null): Buffer[] {
  const values: Buffer[] = [];
  let offset = 0;
  for (const length of lengths ?? []) {
    values.push((packed ?? Buffer.alloc(0)).subarray(offset, offset + length));
    offset += length;
  }
  return values;
}
