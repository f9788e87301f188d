/**
 * Names the savers' spans and metrics use: OpenTelemetry's database semantic conventions
 * where one exists, `checkpointkit.*` for the rest.
 */
export const TELEMETRY_SCOPE_NAME = "@checkpointkit/core";

export const ATTRIBUTE = {
  dbSystem: "db.system",
  dbSystemName: "db.system.name",
  dbOperationName: "db.operation.name",
  errorType: "error.type",
  backend: "checkpointkit.backend",
  threadId: "checkpointkit.thread_id",
  checkpointNs: "checkpointkit.checkpoint_ns",
  roundTrips: "checkpointkit.round_trips",
  bytesWritten: "checkpointkit.bytes_written",
  bytesRead: "checkpointkit.bytes_read",
} as const;

/** The semantic conventions' histogram of database client operation durations, in seconds. */
export const OPERATION_DURATION_METRIC = "db.client.operation.duration";

/** Which backend a saver talks to: its name here and its semantic-convention system names. */
export interface SaverBackend {
  /** `redis`, `postgres`, `cosmos` or `tiered`. */
  name: string;
  /** The older `db.system` value (`redis`, `postgresql`, `cosmosdb`); none for tiered. */
  dbSystem?: string;
  /** The current `db.system.name` value (`redis`, `postgresql`, `azure.cosmosdb`). */
  dbSystemName?: string;
  /** False where the saver cannot see the bytes on the wire: no byte attributes then. */
  countsBytes: boolean;
}
