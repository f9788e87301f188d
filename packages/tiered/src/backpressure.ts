import { type BackendName, BackendUnavailableError } from "@checkpointkit/core";
import type { RedisKeyLayout } from "@checkpointkit/redis";
import { sleep } from "./backoff.js";
import type { OutboxStreams } from "./outbox.js";
import { type OutboxStats, readOutboxStats } from "./outbox-stats.js";
import {
  DEFAULT_BACKPRESSURE_TIMEOUT_MS,
  type TieredSaverOptions,
} from "./tiered-saver-options.js";

/** Decisions reuse outbox statistics this young, in milliseconds. */
export const STATS_MAX_AGE_MS = 100;

/**
 * Holds writes back while the cold tier is too far behind (`maxBacklog`, `maxLagMs`): they
 * wait for the flushers, up to `backpressureTimeoutMs`, or are rejected at once.
 */
export class Backpressure {
  #stats: { at: number; value: Promise<OutboxStats> } | undefined;

  constructor(
    private readonly outbox: OutboxStreams,
    private readonly keyLayout: RedisKeyLayout,
    private readonly options: Pick<
      TieredSaverOptions,
      "maxBacklog" | "maxLagMs" | "backpressure" | "backpressureTimeoutMs"
    >,
    private readonly coldBackend: BackendName,
    private readonly wakeFlusher: () => void,
  ) {}

  async apply(): Promise<void> {
    const { maxBacklog, maxLagMs } = this.options;
    if (maxBacklog === undefined && maxLagMs === undefined) return;
    const deadline =
      Date.now() + (this.options.backpressureTimeoutMs ?? DEFAULT_BACKPRESSURE_TIMEOUT_MS);
    for (;;) {
      const stats = await this.#freshStats();
      const behind =
        (maxBacklog !== undefined && stats.backlog > maxBacklog) ||
        (maxLagMs !== undefined && stats.lagMs > maxLagMs);
      if (!behind) return;
      if (this.options.backpressure === "reject" || Date.now() >= deadline) {
        throw new BackendUnavailableError(
          `the cold tier is behind (${stats.backlog} entries, oldest ${stats.lagMs} ms old)`,
          { backend: this.coldBackend },
        );
      }
      this.wakeFlusher();
      await sleep(STATS_MAX_AGE_MS);
    }
  }

  /** One statistics read shared by every write within `STATS_MAX_AGE_MS`. */
  #freshStats(): Promise<OutboxStats> {
    if (this.#stats === undefined || Date.now() - this.#stats.at > STATS_MAX_AGE_MS) {
      const value = readOutboxStats(this.outbox, this.keyLayout);
      this.#stats = { at: Date.now(), value };
      value.catch(() => {
        this.#stats = undefined;
      });
    }
    return this.#stats.value;
  }
}
