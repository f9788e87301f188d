/** How `startRedisServer()` configures the private `redis-server` it starts. */
export interface RedisServerOptions {
  /**
   * Turns on the append-only file, so data written before a `kill()` is there after `restart()`
   * (with `appendFsync: "always"` every acknowledged write).
   * @default false
   */
  appendOnly?: boolean;
  /**
   * When the AOF is fsynced: `always` (before each reply), `everysec` or `no` (left to the OS).
   * Only meaningful with `appendOnly: true`.
   * @default "everysec"
   */
  appendFsync?: "always" | "everysec" | "no";
  /**
   * More `redis-server` command-line arguments, appended last so they override the defaults,
   * e.g. `["--maxmemory", "10mb", "--maxmemory-policy", "noeviction"]`.
   * @default []
   */
  extraArgs?: readonly string[];
  /**
   * Password of the default user (`--requirepass`); the server's `url` then carries it.
   * @default undefined (no password)
   */
  password?: string;
  /**
   * How long to wait for the server to answer PING after it was spawned.
   * @default 10000
   */
  startTimeoutMs?: number;
}
