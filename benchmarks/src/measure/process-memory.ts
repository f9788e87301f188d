/** Megabytes of resident set, used V8 heap and off-heap buffers, after a full GC when `--expose-gc` is on. */
export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  /** ArrayBuffers and Buffers: serialized checkpoints live here, outside the V8 heap. */
  arrayBuffersMb: number;
}

const MB = 1024 * 1024;

/**
 * Buffers freed by one collection are released by finalizers that run after it, so the
 * sample waits a turn of the event loop and collects again before reading.
 */
export async function sampleMemory(): Promise<MemorySample> {
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let pass = 0; pass < 2; pass++) {
    collect?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return {
    rssMb: usage.rss / MB,
    heapUsedMb: usage.heapUsed / MB,
    arrayBuffersMb: usage.arrayBuffers / MB,
  };
}

export function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: () => void }).gc === "function";
}
