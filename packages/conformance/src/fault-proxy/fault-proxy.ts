import { connect, createServer, type Server, type Socket } from "node:net";
import type { FaultProxyOptions } from "./fault-proxy-options.js";

const LOOPBACK_HOST = "127.0.0.1";

/** A TCP proxy in front of a real server that injects outages and latency on demand. */
export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /**
   * What clients connect to: the target URL with the proxy's host and port when the proxy was
   * built from `targetUrl`, else `tcp://127.0.0.1:<port>`.
   */
  readonly url: string;
  /** Connections currently open through the proxy. */
  readonly activeConnections: number;
  /** Delays every chunk by `latencyMs` in each direction (a round trip gains twice that). */
  setLatencyMs(latencyMs: number): void;
  /** Resets every open connection, in both directions, at once. */
  cutAll(): void;
  /** While true, new connections are reset as soon as they arrive (open ones are kept). */
  refuseNew(refuse: boolean): void;
  /**
   * While true, nothing is forwarded in either direction and new connections are accepted but
   * never answered: a network blackhole, as a silent endpoint or a half-open connection looks.
   * Bytes sent meanwhile are dropped, not delivered later, so a connection that was open while
   * silent stays silent for good (as a real half-open one does: its peer is gone) and only
   * connections opened after the blackhole lifted carry traffic. A client must give up on a
   * dead connection and open a new one; resuming it would pair replies with the wrong requests.
   */
  blackhole(silent: boolean): void;
  /**
   * While true, the proxy's port is closed: connecting is refused (ECONNREFUSED) and open
   * connections are reset, as a stopped server looks. Resolves once the port is closed or
   * listening again (on the same port number).
   */
  closePort(closed: boolean): Promise<void>;
  /**
   * Back to normal: no added latency, new connections accepted, nothing blackholed, the port
   * listening. Connections that lived through a blackhole stay dead (see `blackhole`).
   */
  heal(): Promise<void>;
  /** Resets all connections and stops listening. */
  close(): Promise<void>;
}

/** Starts a fault proxy on a free loopback port in front of the given server. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = resolveTarget(options);
  const proxy = new TcpFaultProxy(target, options.initialLatencyMs ?? 0);
  await proxy.listen();
  return proxy;
}

interface ProxyTarget {
  readonly host: string;
  readonly port: number;
  readonly url: string | undefined;
}

function resolveTarget(options: FaultProxyOptions): ProxyTarget {
  if ("targetUrl" in options) {
    const parsed = new URL(options.targetUrl);
    const port = Number(parsed.port);
    if (!Number.isInteger(port) || port <= 0) {
      throw new Error("startFaultProxy: targetUrl must name its port explicitly");
    }
    return { host: parsed.hostname, port, url: options.targetUrl };
  }
  return { host: options.targetHost, port: options.targetPort, url: undefined };
}

function withHostPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = LOOPBACK_HOST;
  parsed.port = String(port);
  return parsed.toString();
}

class TcpFaultProxy implements FaultProxy {
  readonly host = LOOPBACK_HOST;
  port = 0;
  url = "";
  readonly #target: ProxyTarget;
  readonly #server: Server;
  /** Both ends of every open connection. */
  readonly #sockets = new Set<Socket>();
  /** The client end of every open connection. */
  readonly #clients = new Set<Socket>();
  #latencyMs: number;
  #refusing = false;
  #silent = false;
  #portClosed = false;
  /** Connections that were open while silent: never forwarded again (see `blackhole`). */
  readonly #dead = new WeakSet<Socket>();

  constructor(target: ProxyTarget, initialLatencyMs: number) {
    this.#target = target;
    this.#latencyMs = 0;
    this.setLatencyMs(initialLatencyMs);
    this.#server = createServer((client) => this.#accept(client));
  }

  /** Binds a free loopback port; `port` and `url` are set once it resolves. */
  async listen(): Promise<void> {
    await this.#listenOn(0);
    const address = this.#server.address();
    this.port = typeof address === "object" && address !== null ? address.port : 0;
    this.url =
      this.#target.url === undefined
        ? `tcp://${LOOPBACK_HOST}:${this.port}`
        : withHostPort(this.#target.url, this.port);
  }

  #listenOn(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      this.#server.once("error", fail);
      this.#server.listen(port, LOOPBACK_HOST, () => {
        this.#server.removeListener("error", fail);
        resolve();
      });
    });
  }

  get activeConnections(): number {
    return this.#clients.size;
  }

  setLatencyMs(latencyMs: number): void {
    if (!(latencyMs >= 0)) throw new Error(`latencyMs must be >= 0, got ${latencyMs}`);
    this.#latencyMs = latencyMs;
  }

  cutAll(): void {
    for (const socket of this.#sockets) reset(socket);
    this.#sockets.clear();
    this.#clients.clear();
  }

  refuseNew(refuse: boolean): void {
    this.#refusing = refuse;
  }

  blackhole(silent: boolean): void {
    this.#silent = silent;
    if (silent) for (const socket of this.#sockets) this.#dead.add(socket);
  }

  async closePort(closed: boolean): Promise<void> {
    if (closed === this.#portClosed) return;
    this.#portClosed = closed;
    if (closed) {
      const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      this.cutAll();
      await stopped;
    } else {
      await this.#listenOn(this.port);
    }
  }

  async heal(): Promise<void> {
    this.#latencyMs = 0;
    this.#refusing = false;
    this.#silent = false;
    await this.closePort(false);
  }

  close(): Promise<void> {
    this.cutAll();
    if (this.#portClosed) return Promise.resolve();
    this.#portClosed = true;
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    if (this.#refusing) {
      reset(client);
      return;
    }
    const upstream = connect({ host: this.#target.host, port: this.#target.port });
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    this.#clients.add(client);
    if (this.#silent) {
      this.#dead.add(client);
      this.#dead.add(upstream);
    }
    const closeBoth = () => {
      this.#clients.delete(client);
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    // Through a blackhole nothing arrives, a close from the server neither: the client of a
    // dead connection is left hanging until it gives up (or cutAll/close resets it).
    const upstreamGone = () => {
      if (!this.#dead.has(client)) closeBoth();
      else {
        this.#sockets.delete(upstream);
        upstream.destroy();
      }
    };
    client.on("error", closeBoth);
    client.on("close", closeBoth);
    upstream.on("error", upstreamGone);
    upstream.on("close", upstreamGone);
    for (const socket of [client, upstream]) socket.setNoDelay(true);
    this.#forward(client, upstream);
    this.#forward(upstream, client);
  }

  /** Copies `from` to `to`, each chunk delayed by the current latency, order preserved. */
  #forward(from: Socket, to: Socket): void {
    let lastDeliveryAt = 0;
    from.on("data", (chunk: Buffer) => {
      if (this.#silent || this.#dead.has(from)) return;
      const deliverAt = Math.max(Date.now() + this.#latencyMs, lastDeliveryAt);
      lastDeliveryAt = deliverAt;
      const write = () => {
        if (!to.destroyed) to.write(chunk);
      };
      const delayMs = deliverAt - Date.now();
      if (delayMs <= 0) write();
      else setTimeout(write, delayMs);
    });
    from.on("end", () => {
      if (this.#silent || this.#dead.has(from)) return;
      const delayMs = Math.max(0, lastDeliveryAt - Date.now());
      setTimeout(() => to.end(), delayMs);
    });
  }
}

/** Ends a connection with a TCP RST, as a crashed server or a dropped link would. */
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy(); // Not connected yet: there is nothing to reset.
  }
}
