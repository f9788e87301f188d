import { PostgresSaver } from "@checkpointkit/postgres";

/** What a process needs to open the demo's PostgresSaver (sent to the crash child over IPC). */
export interface PostgresConnection {
  /** Connection URL; may carry a password, so it is never printed. */
  url: string;
  /** Schema of the saver's tables and audit views. */
  schema: string;
}

export function isPostgresConnection(value: unknown): value is PostgresConnection {
  const candidate = value as Partial<PostgresConnection> | null;
  return typeof candidate?.url === "string" && typeof candidate.schema === "string";
}

/** A PostgresSaver that owns its pool (`close()` ends it), with its schema set up. */
export async function openPostgresSaver(connection: PostgresConnection): Promise<PostgresSaver> {
  const saver = PostgresSaver.fromConnString(connection.url, {
    schema: connection.schema,
    poolOptions: { max: 4 },
  });
  try {
    await saver.setup();
  } catch (error) {
    await saver.close();
    throw error;
  }
  return saver;
}
