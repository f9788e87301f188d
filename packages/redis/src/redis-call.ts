import { BackendUnavailableError, withDeadline } from "@checkpointkit/core";
import type { ConnectionSupervisor } from "./connection-supervisor.js";
import { toCheckpointKitError } from "./redis-errors.js";

/** Sends one round trip of a saver operation to Redis, bounded and with typed errors. */
export type RedisCall = <T>(operation: string, send: () => Promise<T>) => Promise<T>;

/**
 * Every round trip of the saver goes through here: it waits for the connection to be usable
 * (see `ConnectionSupervisor.beforeCommand`), then for the reply, for at most `timeoutMs` in
 * all. Past it the call rejects with `BackendUnavailableError` ("timed out") and the
 * connection it waited on is handed to the supervisor to be replaced, so the next call does
 * not wait on a dead connection. The command may still reach Redis later; every script is
 * idempotent, so a retry is safe. Any other failure is mapped by `toCheckpointKitError`.
 */
export function createRedisCall(supervisor: ConnectionSupervisor, timeoutMs: number): RedisCall {
  return async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await withDeadline(
        async () => {
          await supervisor.beforeCommand();
          return send();
        },
        {
          timeoutMs,
          onTimeout: () => {
            supervisor.abandon(supervisor.currentConnection(), timeoutMs);
            return new BackendUnavailableError(
              `${operation}: Redis timed out: no reply within ${timeoutMs} ms (commandTimeoutMs); the connection is being replaced`,
              { backend: "redis" },
            );
          },
        },
      );
    } catch (error) {
      throw toCheckpointKitError(error, operation, supervisor.lastConnectionError);
    }
  };
}
