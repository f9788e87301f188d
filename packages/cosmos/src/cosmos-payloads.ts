import { createHash } from "node:crypto";
import {
  type ChannelSize,
  type CompressionOptions,
  CorruptCheckpointError,
  decodeValue,
  encodeValue,
  type SerializedValue,
} from "@checkpointkit/core";
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { type ChunkItem, chunkItemId, type StoredPayload } from "./cosmos-items.js";

/** A value ready to store: the payload field of its item and, when too large, its chunks. */
export interface EncodedPayload {
  payload: StoredPayload;
  /** Base64 pieces to store as chunk items, in order; empty when inlined. */
  chunks: string[];
  /** The serde's bytes, and the bytes after compression (before base64): for size accounting. */
  sizes?: { serdeBytes: number; storedBytes: number };
}

/** How values are turned into stored payloads and back. */
export interface PayloadCodec {
  serde: SerializerProtocol;
  compression: CompressionOptions | undefined;
  chunkSizeBytes: number;
}

export async function encodePayload(codec: PayloadCodec, value: unknown): Promise<EncodedPayload> {
  const [type, serialized] = await codec.serde.dumpsTyped(value);
  const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : serialized;
  return encodeSerialized(codec, { type, bytes });
}

/** The stored size of an encoded payload, as the state-size guard counts it. */
export function payloadSize(channel: string, encoded: EncodedPayload | undefined): ChannelSize {
  return {
    channel,
    bytes: encoded?.sizes?.serdeBytes ?? 0,
    storedBytes: encoded?.sizes?.storedBytes ?? 0,
  };
}

/** Stores an already serialized value: compressed when configured, inlined or chunked. */
export function encodeSerialized(codec: PayloadCodec, serialized: SerializedValue): EncodedPayload {
  const { type, bytes } = serialized;
  const encoded = encodeValue(bytes, codec.compression);
  const buffer = Buffer.from(
    encoded.bytes.buffer,
    encoded.bytes.byteOffset,
    encoded.bytes.byteLength,
  );
  const sizes = { serdeBytes: bytes.byteLength, storedBytes: buffer.byteLength };
  if (buffer.byteLength <= codec.chunkSizeBytes) {
    return {
      payload: { type, encoding: encoded.encoding, data: buffer.toString("base64") },
      chunks: [],
      sizes,
    };
  }
  return { ...chunkedPayload(type, encoded.encoding, buffer, codec.chunkSizeBytes), sizes };
}

function chunkedPayload(
  type: string,
  encoding: StoredPayload["encoding"],
  buffer: Buffer,
  chunkSizeBytes: number,
): EncodedPayload {
  const chunks: string[] = [];
  for (let start = 0; start < buffer.byteLength; start += chunkSizeBytes) {
    chunks.push(buffer.subarray(start, start + chunkSizeBytes).toString("base64"));
  }
  const chunkKey = createHash("sha256").update(buffer).digest("hex").slice(0, 32);
  return {
    payload: { type, encoding, chunk_count: chunks.length, chunk_key: chunkKey },
    chunks,
  };
}

/** The same payload moved out of its item into chunk items (however small it is). */
export function toChunks(encoded: EncodedPayload, chunkSizeBytes: number): EncodedPayload {
  const { data, type, encoding } = encoded.payload;
  if (data === undefined) return encoded;
  return chunkedPayload(type, encoding, Buffer.from(data, "base64"), chunkSizeBytes);
}

export function isChunked(payload: StoredPayload): boolean {
  return payload.data === undefined;
}

/**
 * Decodes a payload; `chunks` must hold the owner's chunk items when the payload is chunked.
 * Missing or malformed pieces raise `CorruptCheckpointError` naming the item.
 */
export async function decodePayload(
  codec: PayloadCodec,
  payload: StoredPayload,
  ownerId: string,
  chunks: readonly ChunkItem[] = [],
): Promise<unknown> {
  let bytes: Buffer;
  if (payload.data !== undefined) {
    bytes = Buffer.from(payload.data, "base64");
  } else {
    const count = payload.chunk_count ?? 0;
    const ordered = chunks
      .filter((chunk) => chunk.owner_id === ownerId && chunk.chunk_key === payload.chunk_key)
      .sort((a, b) => a.index - b.index);
    if (ordered.length !== count || ordered.some((chunk, index) => chunk.index !== index)) {
      throw new CorruptCheckpointError(
        `stored value is missing chunks (have ${ordered.length} of ${count})`,
        { location: ownerId },
      );
    }
    bytes = Buffer.concat(ordered.map((chunk) => Buffer.from(chunk.data, "base64")));
  }
  const decoded = decodeValue({ encoding: payload.encoding, bytes });
  try {
    return await codec.serde.loadsTyped(payload.type, decoded);
  } catch (error) {
    throw new CorruptCheckpointError("stored value could not be deserialized", {
      cause: error,
      location: ownerId,
    });
  }
}

/** The chunk items of a payload too large to inline (none when inlined). */
export function chunkItemsFor(
  ownerId: string,
  encoded: EncodedPayload,
  base: Omit<ChunkItem, "id" | "kind" | "owner_id" | "chunk_key" | "index" | "data">,
): ChunkItem[] {
  const chunkKey = encoded.payload.chunk_key;
  if (chunkKey === undefined) return [];
  return encoded.chunks.map((data, index) => ({
    ...base,
    id: chunkItemId(ownerId, chunkKey, index),
    kind: "chunk",
    owner_id: ownerId,
    chunk_key: chunkKey,
    index,
    data,
  }));
}
