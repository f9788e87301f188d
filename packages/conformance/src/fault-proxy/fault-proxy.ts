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
   * Bytes sent meanwhile are dropped, not delivered later.
   */
  blackhole(silent: boolean): void;
  /** Back to normal: no added latency, new connections accepted, nothing blackholed. */
  heal(): void;
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
  readonly #sockets = new Set<Socket>();
  #latencyMs: number;
  #refusing = false;
  #silent = false;

  constructor(target: ProxyTarget, initialLatencyMs: number) {
    this.#target = target;
    this.#latencyMs = 0;
    this.setLatencyMs(initialLatencyMs);
    this.#server = createServer((client) => this.#accept(client));
  }

  /** Binds a free loopback port; `port` and `url` are set once it resolves. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, LOOPBACK_HOST, () => {
        const address = this.#server.address();
        this.port = typeof address === "object" && address !== null ? address.port : 0;
        this.url =
          this.#target.url === undefined
            ? `tcp://${LOOPBACK_HOST}:${this.port}`
            : withHostPort(this.#target.url, this.port);
        resolve();
      });
    });
  }

  get activeConnections(): number {
    return this.#sockets.size / 2;
  }

  setLatencyMs(latencyMs: number): void {
    if (!(latencyMs >= 0)) throw new Error(`latencyMs must be >= 0, got ${latencyMs}`);
    this.#latencyMs = latencyMs;
  }

  cutAll(): void {
    for (const socket of this.#sockets) reset(socket);
    this.#sockets.clear();
  }

  refuseNew(refuse: boolean): void {
    this.#refusing = refuse;
  }

  blackhole(silent: boolean): void {
    this.#silent = silent;
  }

  heal(): void {
    this.#latencyMs = 0;
    this.#refusing = false;
    this.#silent = false;
  }

  close(): Promise<void> {
    this.cutAll();
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
    const closeBoth = () => {
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on("error", closeBoth);
      socket.on("close", closeBoth);
    }
    this.#forward(client, upstream);
    this.#forward(upstream, client);
  }

  /** Copies `from` to `to`, each chunk delayed by the current latency, order preserved. */
  #forward(from: Socket, to: Socket): void {
    let lastDeliveryAt = 0;
    from.on("data", (chunk: Buffer) => {
      if (this.#silent) return;
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
