import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { Worker } from "node:worker_threads";
import { type BackendName, BackendUnavailableError } from "@checkpointkit/core";
import { redactSecrets } from "@checkpointkit/core/internal";
import { backoffDelayMs, sleep } from "./backoff.js";
import { type FlusherCounters, type FlusherEventMap, zeroCounters } from "./flusher-events.js";
import {
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  type FlusherOptions,
} from "./flusher-options.js";
import { flusherThreadEntry } from "./flusher-thread-entry.js";
import {
  decodeError,
  type FlusherThreadData,
  type FromFlusherThread,
  type ToFlusherThread,
} from "./flusher-thread-protocol.js";
import type { TieredFlusher } from "./tiered-flusher.js";

/**
 * How long `stop()` waits past `drainTimeoutMs` for the thread to stop on its own (the
 * flusher's own 2 s grace for a call in flight, and closing its connections) before it is
 * terminated. Nothing is lost by terminating: unflushed entries stay in the outbox.
 */
const STOP_MARGIN_MS = 4_000;

/**
 * Runs the flusher in a worker thread, off the application's event loop. The thread builds
 * its own Redis client and cold tier from serializable descriptions, reports every event
 * (with the counters after it) back here, and is restarted with backoff if it dies; each
 * death is reported as a `BackendUnavailableError` on `error`. Entries it had read but not
 * acknowledged are taken over after `claimIdleMs`, as from any dead flusher.
 */
export class FlusherWorker extends EventEmitter<FlusherEventMap> implements TieredFlusher {
  readonly consumerName: string;
  readonly counters: FlusherCounters = zeroCounters();
  readonly #data: FlusherThreadData;
  readonly #backend: BackendName;
  #worker: Worker | undefined;
  #exited: Promise<void> = Promise.resolve();
  #ready: Promise<void> = Promise.resolve();
  #markStopped: () => void = () => {};
  #markReady: () => void = () => {};
  #stopping = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #deaths = 0;
  readonly #wakeShards = new Set<number>();
  #wakeAll = false;
  #wakePosted = false;
  #nextRequestId = 0;
  readonly #settledRequests = new Map<number, () => void>();

  constructor(
    data: Omit<FlusherThreadData, "flusher"> & { flusher: FlusherOptions },
    backend: BackendName,
  ) {
    super();
    this.consumerName =
      data.flusher.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
    this.#data = { ...data, flusher: { ...data.flusher, consumerName: this.consumerName } };
    this.#backend = backend;
  }

  get running(): boolean {
    return this.#worker !== undefined || this.#restartTimer !== undefined;
  }

  /** Starts the thread (idempotent). */
  start(): void {
    if (this.running) return;
    this.#stopping = false;
    this.#spawn();
  }

  /** Wakes the thread's flusher; wakes asked for in one tick travel as one message. */
  wake(shard?: number): void {
    if (this.#worker === undefined) return;
    if (shard === undefined) this.#wakeAll = true;
    else this.#wakeShards.add(shard);
    if (this.#wakePosted) return;
    this.#wakePosted = true;
    queueMicrotask(() => {
      this.#wakePosted = false;
      const shards = this.#wakeAll ? [] : [...this.#wakeShards];
      this.#wakeAll = false;
      this.#wakeShards.clear();
      this.#post({ type: "wake", shards });
    });
  }

  /** Resolves once the thread reads the outbox, or once it exited. */
  ready(): Promise<void> {
    return this.#ready;
  }

  forgetThread(threadId: string): void {
    this.#post({ type: "forgetThread", threadId });
  }

  settled(): Promise<void> {
    if (this.#worker === undefined) return Promise.resolve();
    const requestId = this.#nextRequestId++;
    return new Promise<void>((resolve) => {
      this.#settledRequests.set(requestId, resolve);
      this.#post({ type: "settled", requestId });
    });
  }

  /**
   * Stops the thread: it keeps flushing up to `drainTimeoutMs`, stops its flusher and closes
   * its connections; past that (plus a margin) it is terminated. Resolves once it is gone.
   */
  async stop(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const worker = this.#worker;
    if (worker === undefined) return;
    const drainTimeoutMs = options.drainTimeoutMs ?? 0;
    this.#post({ type: "stop", drainTimeoutMs });
    const marginOver = new AbortController();
    // The thread says it stopped once its flusher stopped and its connections closed.
    const stopped = new Promise<void>((resolve) => {
      this.#markStopped = resolve;
    });
    await Promise.race([
      Promise.race([this.#exited, stopped]).finally(() => marginOver.abort()),
      sleep(drainTimeoutMs + STOP_MARGIN_MS, marginOver.signal),
    ]);
    await worker.terminate();
    await this.#exited;
  }

  #post(message: ToFlusherThread): void {
    this.#worker?.postMessage(message);
  }

  #spawn(): void {
    const entry = flusherThreadEntry();
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: this.#data });
    this.#worker = worker;
    this.#ready = new Promise<void>((resolve) => {
      this.#markReady = resolve;
    });
    worker.on("message", (message: FromFlusherThread) => this.#receive(message));
    // A message that could not be deserialized: nothing to act on, and no crash.
    worker.on("messageerror", () => {});
    let failure: unknown;
    worker.on("error", (error) => {
      failure = error;
    });
    this.#exited = new Promise<void>((resolve) => {
      worker.once("exit", (code) => {
        if (this.#worker === worker) this.#worker = undefined;
        this.#markReady();
        for (const resolveSettled of this.#settledRequests.values()) resolveSettled();
        this.#settledRequests.clear();
        if (!this.#stopping) this.#died(code, failure);
        resolve();
      });
    });
  }

  #receive(message: FromFlusherThread): void {
    switch (message.type) {
      case "ready":
        this.#markReady();
        return;
      case "flushed":
        this.#deaths = 0;
        Object.assign(this.counters, message.counters);
        this.emit("flushed", message.event);
        return;
      case "retry":
        Object.assign(this.counters, message.counters);
        this.emit("retry", { ...message.event, error: decodeError(message.error) });
        return;
      case "deadLetter":
        Object.assign(this.counters, message.counters);
        this.emit("deadLetter", { ...message.event, error: decodeError(message.error) });
        return;
      case "error":
        Object.assign(this.counters, message.counters);
        this.#report(decodeError(message.error));
        return;
      case "settled":
        this.#settledRequests.get(message.requestId)?.();
        this.#settledRequests.delete(message.requestId);
        return;
      case "stopped":
        Object.assign(this.counters, message.counters);
        this.#markStopped();
        return;
    }
  }

  /** Reports the death (its reason redacted: the thread holds secrets) and restarts. */
  #died(code: number, failure: unknown): void {
    this.#deaths += 1;
    const delayMs = backoffDelayMs(
      this.#deaths,
      this.#data.flusher.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
      this.#data.flusher.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
    );
    // Redacted: a failure while building the connections may quote their settings.
    const reason =
      failure instanceof Error ? `: ${failure.name}: ${redactSecrets(failure.message)}` : "";
    this.#report(
      new BackendUnavailableError(
        `the flusher's worker thread stopped (exit code ${code}${reason}); restarting it in ${delayMs} ms`,
        { backend: this.#backend },
      ),
    );
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (!this.#stopping) this.#spawn();
    }, delayMs);
  }

  /** `error` events only go to listeners: without one, EventEmitter would throw. */
  #report(error: Error): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
  }
}
