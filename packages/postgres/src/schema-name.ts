import { createHash } from "node:crypto";
import { InvalidConfigError } from "@checkpointkit/core";
import pg from "pg";

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * The saver's schema, validated once and quoted once. Any name PostgreSQL can hold is
 * accepted (quotes, semicolons, spaces, Unicode); it is only ever used as a quoted
 * identifier. Names the server would silently truncate or cannot store are rejected, so
 * two savers can never share a schema by accident.
 */
export class SchemaName {
  readonly name: string;
  /** The quoted identifier, e.g. `"checkpointkit"`, safe to splice into SQL text. */
  readonly quoted: string;

  constructor(name: string) {
    if (typeof name !== "string" || name.length === 0) {
      throw new InvalidConfigError("schema must be a non-empty string", { field: "schema" });
    }
    if (name.includes("\u0000")) {
      throw new InvalidConfigError("schema must not contain U+0000", { field: "schema" });
    }
    if (Buffer.byteLength(name, "utf8") > MAX_IDENTIFIER_BYTES) {
      throw new InvalidConfigError(
        `schema must be at most ${MAX_IDENTIFIER_BYTES} bytes of UTF-8 (PostgreSQL truncates longer identifiers)`,
        { field: "schema" },
      );
    }
    this.name = name;
    this.quoted = pg.escapeIdentifier(name);
  }

  /** `"schema"."object"` for an object name chosen by this package. */
  qualify(objectName: string): string {
    return `${this.quoted}.${pg.escapeIdentifier(objectName)}`;
  }

  /**
   * The `pg_advisory_xact_lock` key serializing migrations of this schema: 64 bits of a
   * hash of a package-specific prefix and the name, so other applications' advisory locks
   * are unlikely to collide with it and different schemas migrate independently.
   */
  get migrationLockKey(): string {
    const digest = createHash("sha256").update(`checkpointkit/postgres\u0000${this.name}`).digest();
    return digest.readBigInt64BE(0).toString();
  }
}
