import type { Redis } from "ioredis";

/**
 * The commands one client sends, as the Redis server reports them (MONITOR): round trips
 * are counted on the wire. Commands run inside a Lua script are not round trips and are
 * left out. An ECHO with a unique token marks the point up to which MONITOR has reported.
 */
export class CommandCounter {
  readonly #names: string[] = [];
  readonly #markers = new Map<string, () => void>();

  private constructor(
    private readonly watched: Redis,
    private readonly monitor: Redis,
  ) {}

  static async watch(watched: Redis): Promise<CommandCounter> {
    const address = /\baddr=(\S+)/.exec(String(await watched.client("INFO")))?.[1];
    if (address === undefined) throw new Error("CLIENT INFO reported no address");
    const monitor = await watched.monitor();
    const counter = new CommandCounter(watched, monitor);
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      if (source !== address) return;
      const [name = "", token = ""] = args;
      const reached = name.toLowerCase() === "echo" ? counter.#markers.get(token) : undefined;
      if (reached !== undefined) return reached();
      counter.#names.push(name.toLowerCase());
    });
    await counter.#caughtUp();
    return counter;
  }

  /** The names of the commands the watched client sent while `operation` ran. */
  async count(operation: () => Promise<unknown>): Promise<string[]> {
    await this.#caughtUp();
    this.#names.length = 0;
    await operation();
    await this.#caughtUp();
    return [...this.#names];
  }

  stop(): void {
    this.monitor.disconnect();
  }

  async #caughtUp(): Promise<void> {
    const token = `caught-up-${Math.random()}`;
    const reached = new Promise<void>((resolve) => this.#markers.set(token, resolve));
    await this.watched.echo(token);
    await reached;
    this.#markers.delete(token);
  }
}
