import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { RedisClient, RedisKeyLayout, RedisOutboxEntry } from "@checkpointkit/redis";
import { backoffDelayMs, sleep } from "./backoff.js";
import type { ColdTier } from "./cold-tier.js";
import { compareEntryIds, entryIdTimeMs } from "./entry-id.js";
import { failureHandling } from "./flush-errors.js";
import { type FlushContext, flushEntries } from "./flush-pipeline.js";
import { type FlusherCounters, type FlusherEventMap, zeroCounters } from "./flusher-events.js";
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CLAIM_IDLE_MS,
  DEFAULT_CLAIM_INTERVAL_MS,
  DEFAULT_LINGER_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_BATCH_BYTES,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  type FlusherOptions,
  validateFlusherOptions,
} from "./flusher-options.js";
import { readNewEntries } from "./flusher-outbox-reads.js";
import { HotRedis } from "./hot-redis.js";
import { sweepFlushedThreads } from "./hot-sweeper.js";
import { entryRef, OutboxStreams } from "./outbox.js";
import { redisLooksDown } from "./redis-availability.js";
import { ShippedHeads } from "./shipped-heads.js";
import {
  assertColdTierExpires,
  coldRetentionSeconds,
  type SweepPlan,
  sweepPlan,
} from "./thread-expiry.js";

export interface FlusherConstruction extends FlusherOptions {
  client: RedisClient;
  keyLayout: RedisKeyLayout;
  cold: ColdTier;
  /**
   * @internal The flush context to share (a `TieredSaver` shares its own with its
   * in-process flusher); by default the flusher makes its own.
   */
  flushContext?: FlushContext;
}

/** How long `stop()` waits for a call in flight once the loop was told to stop, in milliseconds. */
const STOP_GRACE_MS = 2_000;

interface RetryingEntry {
  entry: RedisOutboxEntry;
  attempts: number;
  dueAtMs: number;
}

/**
 * Moves outbox entries to the cold tier: reads them through the consumer group, flushes
 * them in batches (see `flushEntries`), acknowledges after the cold commit, retries failures
 * with capped exponential backoff, takes over entries of dead flushers, dead-letters entries
 * the cold tier keeps rejecting, and removes long-idle flushed threads from Redis.
 */
export class Flusher extends EventEmitter<FlusherEventMap> {
  readonly consumerName: string;
  readonly counters: FlusherCounters = zeroCounters();
  readonly #context: FlushContext;
  /** Set when the flusher made its own context: it listens to the client while running. */
  readonly #ownRedis: HotRedis | undefined;
  readonly #options: Required<
    Omit<
      FlusherOptions,
      "consumerName" | "hotTtlSeconds" | "maxBatchBytes" | "sweepIntervalMs" | "ttlSeconds"
    >
  >;
  readonly #sweep: SweepPlan;
  readonly #queue: RedisOutboxEntry[] = [];
  readonly #retrying = new Map<string, RetryingEntry>();
  #running: Promise<void> | undefined;
  /** The read-flush cycle under way, if any (see `settled`). */
  #cycle: Promise<number> | undefined;
  #stop = new AbortController();
  #wakeUp: (() => void) | undefined;
  /** Shards this process wrote to since they were last read (read ahead of the full scan). */
  readonly #dirtyShards = new Set<number>();
  #nextFullScanAtMs = 0;
  #nextClaimAtMs = 0;
  #nextSweepAtMs = 0;

  constructor(construction: FlusherConstruction) {
    super();
    validateFlusherOptions(construction);
    this.consumerName =
      construction.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
    this.#ownRedis = construction.flushContext
      ? undefined
      : new HotRedis(construction.client, (error) => this.#reportError(error));
    const redis = construction.flushContext?.redis ?? this.#ownRedis!;
    this.#context = construction.flushContext ?? {
      redis,
      keyLayout: construction.keyLayout,
      cold: construction.cold,
      outbox: new OutboxStreams(redis, construction.keyLayout),
      shippedHeads: new ShippedHeads(
        coldRetentionSeconds(construction.cold, construction.ttlSeconds),
      ),
      maxBatchBytes: construction.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES,
    };
    this.#options = {
      batchSize: construction.batchSize ?? DEFAULT_BATCH_SIZE,
      pollIntervalMs: construction.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      lingerMs: construction.lingerMs ?? DEFAULT_LINGER_MS,
      claimIdleMs: construction.claimIdleMs ?? DEFAULT_CLAIM_IDLE_MS,
      claimIntervalMs: construction.claimIntervalMs ?? DEFAULT_CLAIM_INTERVAL_MS,
      retryBaseDelayMs: construction.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: construction.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
      maxAttempts: construction.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    };
    assertColdTierExpires(construction.cold, construction.ttlSeconds);
    this.#sweep = sweepPlan(construction);
    this.#nextSweepAtMs = Date.now() + this.#sweep.sweepIntervalMs;
  }

  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.#running !== undefined) return;
    this.#stop = new AbortController();
    this.#ownRedis?.listen();
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  /** Resolves at once: an in-process flusher reads as soon as it is started. */
  async ready(): Promise<void> {}

  /**
   * Ends an idle wait early (after `lingerMs`, so writes arriving together share a batch):
   * something was just written, to `shard` when given. Shards named here are read at once;
   * the others (written by other processes) at the next full scan, every `pollIntervalMs`.
   */
  wake(shard?: number): void {
    if (shard !== undefined) this.#dirtyShards.add(shard);
    this.#wakeUp?.();
  }

  /**
   * Stops the loop. With `drainTimeoutMs`, first keeps flushing until the outbox is empty or
   * the time is up; entries not flushed stay in the outbox for the next flusher. Resolves
   * within `drainTimeoutMs` plus about 2 s even with Redis or the cold tier unreachable.
   */
  async stop(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    if (this.#running === undefined) return;
    if (options.drainTimeoutMs !== undefined && options.drainTimeoutMs > 0) {
      const deadline = Date.now() + options.drainTimeoutMs;
      // Draining needs Redis: with Redis unreachable there is nothing to drain from.
      const backlog = () =>
        redisLooksDown(this.#context.redis.client)
          ? Promise.resolve(0)
          : this.backlog().catch(() => 0);
      while (Date.now() < deadline && (await backlog()) > 0) {
        this.wake();
        await sleep(Math.min(20, this.#options.pollIntervalMs));
      }
    }
    this.#stop.abort();
    this.wake();
    // A Redis or cold-tier call in flight (the backend unreachable) is not waited for past
    // STOP_GRACE_MS: its entries stay pending in the outbox for the next flusher.
    // The grace timer is cancelled once the loop ends: a pending timer would keep the
    // process alive for the rest of it after close().
    const running = this.#running;
    if (running !== undefined) {
      const graceOver = new AbortController();
      await Promise.race([
        running.finally(() => graceOver.abort()),
        sleep(STOP_GRACE_MS, graceOver.signal),
      ]);
    }
    this.#ownRedis?.release();
  }

  /** The thread was deleted: nothing of it may be assumed to be in the cold tier any more. */
  forgetThread(threadId: string): void {
    this.#context.shippedHeads.forgetThread(threadId);
  }

  /** Entries in the outbox not yet in the cold tier, over all shards. */
  async backlog(): Promise<number> {
    const lengths = await Promise.all(
      this.#context.keyLayout.shards().map((shard) => this.#context.outbox.length(shard)),
    );
    return lengths.reduce((sum, length) => sum + length, 0);
  }

  /** Runs one read-flush cycle; resolves with the number of entries handled. */
  flushOnce(): Promise<number> {
    const cycle = this.#flushCycle();
    this.#cycle = cycle;
    return cycle.finally(() => {
      if (this.#cycle === cycle) this.#cycle = undefined;
    });
  }

  /**
   * Resolves once the cycle under way (if any) has ended, whatever its outcome. An entry can be
   * written by a durable write-through and acknowledged while this flusher still holds it in a
   * batch; `prune` waits here so that late copy lands before the cold tier is pruned, instead
   * of bringing back a checkpoint the prune removed.
   */
  async settled(): Promise<void> {
    await this.#cycle?.catch(() => {});
  }

  async #flushCycle(): Promise<number> {
    const entries = await this.#nextEntries();
    if (entries.length === 0) return 0;
    await this.#flushWithRetry(entries);
    return entries.length;
  }

  async #loop(): Promise<void> {
    const signal = this.#stop.signal;
    // Failed cycles in a row (Redis unreachable, mostly): the wait starts at
    // `retryBaseDelayMs` and doubles up to `retryMaxDelayMs`, so a short blip costs a short wait.
    let failures = 0;
    while (!signal.aborted) {
      try {
        const handled = await this.flushOnce();
        failures = 0;
        await this.#maybeSweep();
        if (handled === 0) await this.#idle();
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        this.#reportError(error);
        this.counters.retries += 1;
        const delayMs = backoffDelayMs(
          failures,
          this.#options.retryBaseDelayMs,
          this.#options.retryMaxDelayMs,
        );
        this.emit("retry", { attempt: failures, delayMs, error });
        await sleep(delayMs, signal);
      }
    }
  }

  #idle(): Promise<void> {
    const lingerMs = this.#options.lingerMs;
    return new Promise<void>((resolve) => {
      let timer = setTimeout(done, Math.max(0, this.#nextFullScanAtMs - Date.now()));
      const signal = this.#stop.signal;
      this.#wakeUp = () => {
        this.#wakeUp = undefined;
        clearTimeout(timer);
        timer = setTimeout(done, lingerMs);
      };
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    }).finally(() => {
      this.#wakeUp = undefined;
    });
  }

  /** The next batch: due retries first, then queued, then freshly read or claimed entries. */
  async #nextEntries(): Promise<RedisOutboxEntry[]> {
    const now = Date.now();
    const due = [...this.#retrying.values()].filter((item) => item.dueAtMs <= now);
    if (due.length > 0) return due.slice(0, this.#options.batchSize).map((item) => item.entry);
    if (this.#queue.length === 0) await this.#fill();
    return this.#queue.splice(0, this.#options.batchSize);
  }

  async #fill(): Promise<void> {
    const { outbox, keyLayout } = this.#context;
    const fullScan = Date.now() >= this.#nextFullScanAtMs;
    if (fullScan) this.#nextFullScanAtMs = Date.now() + this.#options.pollIntervalMs;
    const shards = fullScan ? keyLayout.shards() : [...this.#dirtyShards];
    this.#dirtyShards.clear();
    const claim = fullScan && Date.now() >= this.#nextClaimAtMs;
    if (claim) this.#nextClaimAtMs = Date.now() + this.#options.claimIntervalMs;
    const claims = claim
      ? await Promise.allSettled(
          shards.map((shard) =>
            outbox.claimIdle(
              shard,
              this.consumerName,
              this.#options.claimIdleMs,
              this.#options.batchSize,
            ),
          ),
        )
      : [];
    const fresh = await readNewEntries(outbox, shards, this.consumerName, this.#options.batchSize);
    // Settled one by one: entries a shard delivered are pending on this consumer, so they
    // must reach the queue even when another shard's read (or claim) fails.
    const reads = await Promise.allSettled(
      shards.map(async (shard, index) => {
        const claimed = claims[index];
        const delivered = [claimed, fresh[index]].map((read) =>
          read?.status === "fulfilled" ? read.value : { entries: [], foreignIds: [] },
        );
        for (const entryId of delivered.flatMap((read) => read.foreignIds)) {
          await outbox.deadLetter(shard, { entryId }, "not an outbox entry of the Redis saver", 1);
          this.#countDeadLetter(entryId, undefined, 1, new Error("foreign entry"));
        }
        const entries = delivered
          .flatMap((read) => read.entries)
          .filter((entry) => !this.#retrying.has(entryRef(entry)));
        return entries.sort((a, b) => compareEntryIds(a.entryId, b.entryId));
      }),
    );
    for (const read of reads) if (read.status === "fulfilled") this.#queue.push(...read.value);
    const failed = [...claims, ...fresh, ...reads].find((read) => read?.status === "rejected");
    if (failed?.status === "rejected") throw failed.reason;
  }

  async #flushWithRetry(entries: RedisOutboxEntry[]): Promise<void> {
    const signal = this.#stop.signal;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await flushEntries(this.#context, entries);
        const poisoned = new Set(outcome.poison.map(({ entry }) => entryRef(entry)));
        for (const entry of entries) {
          if (!poisoned.has(entryRef(entry))) this.#retrying.delete(entryRef(entry));
        }
        for (const { entry, error } of outcome.poison) await this.#handlePoison(entry, error);
        const flushed = entries.filter((entry) => !poisoned.has(entryRef(entry)));
        this.counters.flushedEntries += flushed.length;
        this.counters.flushedCheckpoints += outcome.checkpoints;
        this.counters.flushedWrites += outcome.writes;
        this.emit("flushed", {
          entries: flushed.length,
          checkpoints: outcome.checkpoints,
          writes: outcome.writes,
          deletes: outcome.deletes,
          durationMs: Date.now() - started,
          entryTimesMs: flushed.map((entry) => entryIdTimeMs(entry.entryId)),
          committedAtMs: Date.now(),
        });
        return;
      } catch (error) {
        // Nothing was acknowledged: the same entries are tried again. Stopping leaves them
        // pending, to be taken over by the next flusher.
        if (signal.aborted) return;
        const delayMs = backoffDelayMs(
          attempt,
          this.#options.retryBaseDelayMs,
          this.#options.retryMaxDelayMs,
        );
        this.counters.retries += 1;
        this.emit("retry", { attempt, delayMs, error });
        await sleep(delayMs, signal);
        if (signal.aborted) return;
      }
    }
  }

  /**
   * A record refused alone for a reason that cannot change (too large, corrupt, invalid, its
   * data gone) is dead-lettered at once; any other refusal is retried up to `maxAttempts`,
   * off to the side, so it never holds up the entries behind it.
   */
  async #handlePoison(entry: RedisOutboxEntry, error: unknown): Promise<void> {
    const attempts = (this.#retrying.get(entryRef(entry))?.attempts ?? 0) + 1;
    if (attempts < this.#options.maxAttempts && failureHandling(error) === "rejected") {
      const delayMs = backoffDelayMs(
        attempts,
        this.#options.retryBaseDelayMs,
        this.#options.retryMaxDelayMs,
      );
      this.#retrying.set(entryRef(entry), { entry, attempts, dueAtMs: Date.now() + delayMs });
      this.counters.retries += 1;
      return;
    }
    this.#retrying.delete(entryRef(entry));
    const shard = this.#context.keyLayout.shardOf(entry.threadId);
    await this.#context.outbox.deadLetter(shard, entry, describeError(error), attempts);
    this.#countDeadLetter(entry.entryId, entry.threadId, attempts, error);
  }

  /** `error` events only go to listeners: without one, EventEmitter would throw. */
  #reportError(error: unknown): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
  }

  #countDeadLetter(
    entryId: string,
    threadId: string | undefined,
    attempts: number,
    error: unknown,
  ): void {
    this.counters.deadLetters += 1;
    this.emit("deadLetter", { entryId, threadId, attempts, error });
  }

  async #maybeSweep(): Promise<void> {
    const { hotTtlSeconds, ttlSeconds, sweepIntervalMs } = this.#sweep;
    if (hotTtlSeconds === null || Date.now() < this.#nextSweepAtMs) return;
    this.#nextSweepAtMs = Date.now() + sweepIntervalMs;
    try {
      if (ttlSeconds !== undefined) await this.#context.cold.expireThreads?.(ttlSeconds);
      this.counters.sweptThreads += await sweepFlushedThreads(
        this.#context.redis,
        this.#context.keyLayout,
        hotTtlSeconds,
      );
    } catch (error) {
      this.#reportError(error);
    }
  }
}

/** What the dead-letter stream records about a failure: its class and message, no stack. */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2_000);
  return String(error).slice(0, 2_000);
}
