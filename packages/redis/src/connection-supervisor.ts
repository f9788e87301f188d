import type { Cluster, Redis } from "ioredis";
import { ClusterNodeSupervisor } from "./cluster-node-supervisor.js";
import { handshakeTimeoutError } from "./connection-failure.js";
import { ConnectionReadiness } from "./connection-readiness.js";
import { DatabaseGate } from "./database-gate.js";
import type { RedisClient } from "./redis-saver-options.js";

/** ioredis's own default for `connectTimeout`, used for clients that do not set it. */
const IOREDIS_DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const supervisorsOfSharedClients = new WeakMap<RedisClient, ConnectionSupervisor>();

/** How the saver watches over a client's connection. */
export interface ConnectionSupervisorOptions {
  /** The client `fromUrl` created: the saver may listen to its errors and reconnect at once. */
  owned: boolean;
  /** The database the client must be on before commands go out; 0 needs no check. */
  database?: number;
  /** How long a connection may take from TCP connect to ready before it counts as dead. */
  connectTimeoutMs?: number;
}

/**
 * Keeps a standalone client's connection usable, because ioredis on its own waits forever on
 * a connection that went silent (its timeouts cover only the TCP connect and, optionally, one
 * command, and neither replaces the connection):
 * - a connection whose handshake does not complete within the connect timeout is dropped and
 *   re-established (a server that accepts connections but never answers);
 * - a call that ran past its deadline marks its connection as suspect: an owned client
 *   reconnects at once; your own client gets a PING first and is reconnected only when that
 *   gets no answer either, so a slow script alone does not cost you your connection;
 * - an owned client's connection errors are recorded (they explain ioredis's generic
 *   "max retries" rejections);
 * - the database a client is configured for is checked before commands go out (see
 *   `DatabaseGate`), for your client as for an owned one.
 * A Cluster client reconnects its nodes itself; only its silent node connections are
 * replaced, by `ClusterNodeSupervisor`.
 */
export class ConnectionSupervisor {
  readonly #client: Redis | undefined;
  readonly #owned: boolean;
  readonly #connectTimeoutMs: number;
  readonly #databaseGate: DatabaseGate | undefined;
  readonly #readiness: ConnectionReadiness | undefined;
  readonly #clusterNodes: ClusterNodeSupervisor | undefined;
  #lastConnectionError: unknown;
  #probing = false;
  #handshakeTimer: NodeJS.Timeout | undefined;

  /** One supervisor per client you pass in, however many savers share it. */
  static forSharedClient(client: RedisClient): ConnectionSupervisor {
    let supervisor = supervisorsOfSharedClients.get(client);
    if (supervisor === undefined) {
      // Your client's SELECT failing is, to ioredis, only an 'error' event: it goes on in
      // database 0. The saver checks the database you configured as it does for its own.
      const database = client.isCluster ? 0 : ((client as Redis).options.db ?? 0);
      supervisor = new ConnectionSupervisor(client, { owned: false, database });
      supervisorsOfSharedClients.set(client, supervisor);
    }
    return supervisor;
  }

  constructor(client: RedisClient, options: ConnectionSupervisorOptions) {
    this.#owned = options.owned;
    this.#client = client.isCluster ? undefined : (client as Redis);
    this.#clusterNodes = client.isCluster
      ? new ClusterNodeSupervisor(client as Cluster)
      : undefined;
    this.#connectTimeoutMs =
      options.connectTimeoutMs ??
      this.#client?.options.connectTimeout ??
      IOREDIS_DEFAULT_CONNECT_TIMEOUT_MS;
    const database = options.database ?? 0;
    this.#databaseGate =
      this.#client !== undefined && database !== 0
        ? new DatabaseGate(this.#client, database)
        : undefined;
    this.#readiness =
      options.owned && this.#client !== undefined
        ? new ConnectionReadiness(this.#client)
        : undefined;
    if (options.owned) {
      // Without a listener ioredis prints every failed reconnect attempt; the failures reach
      // callers through the rejected calls, described with the recorded cause.
      client.on("error", (error: unknown) => {
        this.#lastConnectionError = error;
      });
    }
    this.#client?.on("connect", () => this.#watchHandshake());
    this.#client?.on("ready", () => {
      clearTimeout(this.#handshakeTimer);
      this.#lastConnectionError = undefined;
    });
    this.#client?.on("close", () => clearTimeout(this.#handshakeTimer));
  }

  /** Why the last connection attempt failed, as far as the (owned) client told. */
  get lastConnectionError(): unknown {
    return this.#lastConnectionError;
  }

  /** The connection a call is about to wait on (compare with `abandon`). */
  currentConnection(): unknown {
    return this.#client?.stream;
  }

  /** Resolves when commands may be sent; rejects when the database does not exist. */
  async beforeCommand(): Promise<void> {
    await this.#readiness?.untilReady();
    await this.#databaseGate?.open();
  }

  /**
   * A call that was waiting on `connection` ran past its deadline. Replaces the connection
   * when it is (still) the client's and looks dead; never waits.
   */
  abandon(connection: unknown, probeTimeoutMs: number): void {
    this.#clusterNodes?.abandon(probeTimeoutMs);
    const client = this.#client;
    if (client === undefined || !this.#isCurrent(connection)) return;
    if (this.#owned) {
      // A connection still in its handshake is the handshake watchdog's to replace.
      if (client.status === "ready") client.disconnect(true);
      return;
    }
    if (this.#probing) return;
    this.#probing = true;
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<"silent">((resolve) => {
      timer = setTimeout(() => resolve("silent"), probeTimeoutMs);
    });
    Promise.race([client.ping().catch(() => "answered"), silent])
      .then((outcome) => {
        if (outcome === "silent" && this.#isCurrent(connection)) client.disconnect(true);
      })
      .finally(() => {
        clearTimeout(timer);
        this.#probing = false;
      });
  }

  #isCurrent(connection: unknown): boolean {
    const client = this.#client;
    return (
      client !== undefined &&
      connection !== undefined &&
      client.stream === connection &&
      (client.status === "ready" || client.status === "connect")
    );
  }

  #watchHandshake(): void {
    const client = this.#client;
    if (client === undefined) return;
    const connection = client.stream;
    clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = setTimeout(() => {
      if (client.status !== "connect" || client.stream !== connection) return;
      this.#lastConnectionError = handshakeTimeoutError(this.#connectTimeoutMs);
      client.disconnect(true);
    }, this.#connectTimeoutMs);
    this.#handshakeTimer.unref();
  }
}
