import type { Redis } from "ioredis";

/** One command Redis executed for the watched client, as MONITOR reports it. */
export interface MonitoredCommand {
  name: string;
  args: string[];
}

/**
 * Counts the commands one client sends, as the server sees them (MONITOR), so round-trip
 * budgets are measured on the wire and not inferred from the code. Commands a Lua script
 * runs are reported with source "lua" and are not round trips; they are left out.
 */
export class CommandCounter {
  readonly #commands: MonitoredCommand[] = [];
  #barrierWaiters: { token: string; resolve: () => void }[] = [];

  private constructor(
    private readonly watched: Redis,
    private readonly monitor: Redis,
    private readonly watchedAddress: string,
  ) {}

  static async watch(watched: Redis): Promise<CommandCounter> {
    const info = String(await watched.client("INFO"));
    const address = /\baddr=(\S+)/.exec(info)?.[1];
    if (address === undefined) throw new Error(`no addr in CLIENT INFO: ${info}`);
    const monitor = await watched.monitor();
    const counter = new CommandCounter(watched, monitor, address);
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      if (source !== address) return;
      const [name = "", ...rest] = args;
      const barrier = counter.#barrierWaiters.find(
        (waiter) => name.toLowerCase() === "echo" && rest[0] === waiter.token,
      );
      if (barrier !== undefined) {
        counter.#barrierWaiters = counter.#barrierWaiters.filter((waiter) => waiter !== barrier);
        barrier.resolve();
        return;
      }
      counter.#commands.push({ name: name.toLowerCase(), args: rest });
    });
    await counter.settle();
    return counter;
  }

  /** Runs `operation` and returns the commands the watched client sent during it. */
  async count(operation: () => Promise<unknown>): Promise<MonitoredCommand[]> {
    await this.settle();
    this.#commands.length = 0;
    await operation();
    await this.settle();
    return [...this.#commands];
  }

  /** Waits until MONITOR has reported everything sent so far (an ECHO marks the point). */
  private async settle(): Promise<void> {
    const token = `barrier-${Math.random()}`;
    const seen = new Promise<void>((resolve) => this.#barrierWaiters.push({ token, resolve }));
    await this.watched.echo(token);
    await seen;
  }

  async stop(): Promise<void> {
    this.monitor.disconnect();
  }

  get address(): string {
    return this.watchedAddress;
  }
}
