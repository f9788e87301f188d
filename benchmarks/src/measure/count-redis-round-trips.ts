import type { Redis } from "ioredis";
import type { RoundTripCounter } from "./round-trip-counter.js";

type SendCommand = (command: unknown, stream?: unknown, node?: unknown) => unknown;

/**
 * Wraps `sendCommand` of an ioredis client. A pipeline (and MULTI/EXEC, which ioredis sends
 * as one) hands every queued command to `sendCommand` with the same pipeline-owned stream
 * object, so the first command seen with a new stream is its round trip and the rest ride
 * along. A plain command has no stream argument and is a round trip of its own.
 */
export function countRedisRoundTrips(client: Redis, counter: RoundTripCounter): void {
  const original = (client as unknown as { sendCommand: SendCommand }).sendCommand.bind(client);
  const pipelinesSeen = new WeakSet<object>();
  (client as unknown as { sendCommand: SendCommand }).sendCommand = (command, stream, node) => {
    if (stream !== undefined && stream !== null && typeof stream === "object") {
      if (pipelinesSeen.has(stream)) counter.recordCommandInSameRoundTrip();
      else {
        pipelinesSeen.add(stream);
        counter.recordRoundTrip();
      }
    } else {
      counter.recordRoundTrip();
    }
    return original(command, stream, node);
  };
}
