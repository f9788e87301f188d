import type { OperationTarget } from "./operation-target.js";
import { SaverTelemetry } from "./saver-telemetry.js";
import type { SaverBackend } from "./telemetry-names.js";

/** How one public method of a saver is traced. */
export interface TracedMethod {
  /** The operation name on spans and metrics (`put` for `putWithOutboxEntry` too). */
  operation: string;
  /** What it works on; by default its first argument (a config or a thread id). */
  target?: (args: readonly unknown[]) => OperationTarget;
  /** The method returns an async generator (`list`): the span covers its iteration. */
  generator?: boolean;
}

const firstArgument = (args: readonly unknown[]): OperationTarget => {
  const [first] = args;
  return typeof first === "string" || (typeof first === "object" && first !== null)
    ? (first as OperationTarget)
    : undefined;
};

/**
 * Wraps the named methods of a saver class so each call runs in `SaverTelemetry.run` (or
 * `runGenerator`). One call per saver class, at the end of its file, instead of a wrapper
 * inside every method body: the bodies stay as they are, and a subclass inherits the tracing.
 * A method calling another traced method of the same saver (`put` → `putWithOutboxEntry`)
 * opens one span, not two.
 */
export function traceSaverMethods(
  saverClass: { prototype: object },
  backend: SaverBackend,
  methods: Readonly<Record<string, TracedMethod>>,
): SaverTelemetry {
  const telemetry = new SaverTelemetry(backend);
  const prototype = saverClass.prototype as Record<string, unknown>;
  for (const [name, traced] of Object.entries(methods)) {
    const original = prototype[name];
    if (typeof original !== "function") {
      throw new TypeError(`traceSaverMethods: ${name} is not a method of the saver`);
    }
    const target = traced.target ?? firstArgument;
    const wrapped = traced.generator
      ? function (this: unknown, ...args: unknown[]) {
          return telemetry.runGenerator(traced.operation, target(args), original.apply(this, args));
        }
      : function (this: unknown, ...args: unknown[]) {
          return telemetry.run(traced.operation, target(args), () => original.apply(this, args));
        };
    Object.defineProperty(wrapped, "name", { value: name });
    Object.defineProperty(prototype, name, {
      value: wrapped,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return telemetry;
}
