import type { Span, Tracer, TracerProvider } from "@opentelemetry/api";
import { errorTypeOf } from "./error-type.js";
import { OperationMetrics } from "./operation-metrics.js";
import { currentOperation, OperationRecord, runInOperation } from "./operation-scope.js";
import { describeTarget, type OperationTarget } from "./operation-target.js";
import { type OpenTelemetryApi, openTelemetryApi } from "./optional-api.js";
import { ATTRIBUTE, type SaverBackend, TELEMETRY_SCOPE_NAME } from "./telemetry-names.js";
import { telemetrySettings } from "./telemetry-options.js";

/** One started operation: its span (recording or not), record and start time. */
interface StartedOperation {
  api: OpenTelemetryApi;
  span: Span;
  record: OperationRecord | undefined;
  startedAtMs: number;
}

/**
 * Spans and duration metrics for one saver's operations; each public method wraps its body
 * in `run` (or its generator in `runGenerator`). Without `@opentelemetry/api` installed the
 * body runs as it is. With the API but no SDK, the API's no-op tracer answers and nothing
 * else is built: attributes, the scope that counts round trips and bytes, and byte
 * measurements exist only while `span.isRecording()`.
 *
 * A saver's nested public calls (`put` calling `putWithOutboxEntry`) open one span; another
 * saver's operation inside it (the tiered saver's hot and cold tiers) opens a child span.
 */
export class SaverTelemetry {
  readonly #metrics: OperationMetrics;
  #tracerProvider: TracerProvider | undefined;
  #tracer: Tracer | undefined;

  constructor(private readonly backend: SaverBackend) {
    this.#metrics = new OperationMetrics(backend);
  }

  run<T>(operation: string, target: OperationTarget, body: () => Promise<T>): Promise<T> {
    const api = openTelemetryApi();
    if (api === undefined || currentOperation()?.owner === this) return body();
    const started = this.#start(api, operation, target);
    const { record } = started;
    let result: Promise<T>;
    try {
      result = record === undefined ? body() : runInOperation(record, body);
    } catch (error) {
      this.#end(started, operation, error);
      throw error;
    }
    return result.then(
      (value) => {
        this.#end(started, operation, undefined);
        return value;
      },
      (error: unknown) => {
        this.#end(started, operation, error);
        throw error;
      },
    );
  }

  /**
   * `generator`, with one span from its first `next()` to its end (or the consumer's early
   * `return`). The generator is made by the caller, so argument errors still throw at call
   * time; each step runs inside the operation's scope, so its round trips are counted.
   */
  runGenerator<T>(
    operation: string,
    target: OperationTarget,
    generator: AsyncGenerator<T>,
  ): AsyncGenerator<T> {
    const api = openTelemetryApi();
    if (api === undefined || currentOperation()?.owner === this) return generator;
    return this.#traceSteps(api, operation, target, generator);
  }

  async *#traceSteps<T>(
    api: OpenTelemetryApi,
    operation: string,
    target: OperationTarget,
    generator: AsyncGenerator<T>,
  ): AsyncGenerator<T> {
    const started = this.#start(api, operation, target);
    const { record } = started;
    let failure: unknown;
    let done = false;
    try {
      while (true) {
        const step = await (record === undefined
          ? generator.next()
          : runInOperation(record, () => generator.next()));
        if (step.done) break;
        yield step.value;
      }
      done = true;
    } catch (error) {
      failure = error ?? new Error("undefined thrown");
      throw error;
    } finally {
      // Left early by the consumer (`break`): let the saver's generator release what it holds.
      if (!done && failure === undefined) await generator.return(undefined);
      this.#end(started, operation, failure);
    }
  }

  #start(api: OpenTelemetryApi, operation: string, target: OperationTarget): StartedOperation {
    const parent = currentOperation();
    const base = api.context.active();
    const parentContext =
      parent === undefined ? base : api.trace.setSpan(base, parent.span as Span);
    const span = this.#tracerOf(api).startSpan(
      `${operation} ${this.backend.name}`,
      { kind: api.SpanKind.CLIENT },
      parentContext,
    );
    const startedAtMs = performance.now();
    if (!span.isRecording()) return { api, span, record: undefined, startedAtMs };
    const { threadId, checkpointNs } = describeTarget(target);
    span.setAttribute(ATTRIBUTE.backend, this.backend.name);
    span.setAttribute(ATTRIBUTE.dbOperationName, operation);
    if (this.backend.dbSystem !== undefined) {
      span.setAttribute(ATTRIBUTE.dbSystem, this.backend.dbSystem);
    }
    if (this.backend.dbSystemName !== undefined) {
      span.setAttribute(ATTRIBUTE.dbSystemName, this.backend.dbSystemName);
    }
    if (threadId !== undefined && telemetrySettings().recordThreadIds) {
      span.setAttribute(ATTRIBUTE.threadId, threadId);
    }
    if (checkpointNs !== undefined) span.setAttribute(ATTRIBUTE.checkpointNs, checkpointNs);
    return { api, span, record: new OperationRecord(this, span, parent), startedAtMs };
  }

  #end(started: StartedOperation, operation: string, error: unknown): void {
    const { api, span, record } = started;
    const errorType = error === undefined ? undefined : errorTypeOf(error);
    if (record !== undefined) {
      record.ended = true;
      span.setAttribute(ATTRIBUTE.roundTrips, record.roundTrips);
      if (this.backend.countsBytes) {
        span.setAttribute(ATTRIBUTE.bytesWritten, record.bytesWritten);
        span.setAttribute(ATTRIBUTE.bytesRead, record.bytesRead);
      }
      if (errorType !== undefined) {
        span.setAttribute(ATTRIBUTE.errorType, errorType);
        // The type only: an error's message may quote a value or a host, never a span's business.
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: errorType });
      }
    }
    span.end();
    this.#metrics.record(
      api,
      operation,
      errorType,
      (performance.now() - started.startedAtMs) / 1000,
    );
  }

  /** Fetched again only when the application registers another tracer provider. */
  #tracerOf(api: OpenTelemetryApi): Tracer {
    const provider = api.trace.getTracerProvider();
    if (provider !== this.#tracerProvider || this.#tracer === undefined) {
      this.#tracerProvider = provider;
      this.#tracer = provider.getTracer(TELEMETRY_SCOPE_NAME);
    }
    return this.#tracer;
  }
}
