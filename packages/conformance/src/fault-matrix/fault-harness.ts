import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { OwnedTestServer } from "../servers/test-server.js";

/** Where a saver's client connects: a host name (or address) and a TCP port. */
export interface FaultEndpoint {
  host: string;
  port: number;
}

/** The operations every fault is tried with. */
export type FaultOperationName = "put" | "putWrites" | "getTuple" | "list" | "deleteThread";

export const FAULT_OPERATIONS: readonly FaultOperationName[] = [
  "put",
  "putWrites",
  "getTuple",
  "list",
  "deleteThread",
];

/** The faults of the matrix, in the order they run. */
export type FaultName =
  | "refused"
  | "dns-failure"
  | "accepts-but-silent"
  | "established-then-silent"
  | "reset-mid-operation"
  | "sigkill-restart"
  | "auth-failure"
  | "wrong-database";

/**
 * How the fault matrix gets savers of one backend, pointed wherever the spec wants them:
 * through its fault proxy, at a port nothing listens on, at a name that never resolves, at a
 * server it may SIGKILL. Written once per saver package (see the README); nothing in the spec
 * branches on a saver's name.
 */
export interface FaultHarness<T extends BaseCheckpointSaver = BaseCheckpointSaver> {
  /** Shown in test output and in the matrix, e.g. `RedisSaver`. */
  name: string;
  /** Once before the matrix (connect to servers). */
  beforeAll?(): Promise<void>;
  /** Milliseconds `beforeAll` may take. @default 60000 */
  beforeAllTimeoutMs?: number;
  /** Once after the matrix. */
  afterAll?(): Promise<void>;
  /** The real server the spec puts its fault proxy in front of (the shared test server). */
  server(): Promise<FaultEndpoint>;
  /**
   * A saver whose client connects to `connectTo`, over fresh storage (key prefix, schema,
   * container) prepared directly on `storageOn`, where `connectTo` leads when it works.
   * `connectTo` may be broken already (refused, silent, unresolvable): creating the saver
   * must not wait for it. The saver uses the options whose deadline `deadlineMs` documents.
   */
  createAt(connectTo: FaultEndpoint, storageOn: FaultEndpoint): Promise<T>;
  /** Releases the saver and its storage; the spec calls it with every fault healed. */
  destroy(saver: T): Promise<void>;
  /**
   * Longest time, in milliseconds, one operation of a saver from `createAt` may take to end
   * under any fault of the matrix: the deadline the saver's README documents for the options
   * `createAt` uses. The spec allows scheduling slack on top (see the README).
   */
  deadlineMs: number;
  /**
   * Operations the saver documents as still served while its backend is unreachable (the
   * tiered saver reads from its cold tier): under a network fault they must end within the
   * deadline too, but may resolve. Auth and database faults still reject them.
   * @default []
   */
  servedDuringOutage?: readonly FaultOperationName[];
  /**
   * A server of its own that the spec SIGKILLs and restarts (same port, same data), durable
   * enough that an acknowledged write survives the kill (e.g. Redis with `appendfsync always`).
   * Stopped by the spec. Absent: the SIGKILL fault is skipped, with `unsupported`'s reason.
   */
  startOwnedServer?(): Promise<OwnedTestServer>;
  /** A saver whose credentials the server rejects. Absent: skipped, with `unsupported`'s reason. */
  createWithWrongCredentials?(): Promise<T>;
  /** A saver pointed at a database that does not exist. Absent: skipped, with the reason. */
  createWithWrongDatabase?(): Promise<T>;
  /**
   * Passwords and keys the harness's savers were given (right and wrong ones): no error a
   * saver rejects with may show them, in its message, stack, cause chain, `util.inspect` or
   * JSON. Asked after the savers were created (servers start lazily).
   * @default none
   */
  secrets?(): readonly string[];
  /** Why a fault the backend cannot express is skipped; shown in the skipped test's name. */
  unsupported?: Partial<Record<FaultName, string>>;
}
