import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** The spans of one operation of one backend (`put redis`), in the order they ended. */
export function spansNamed(
  spans: readonly ReadableSpan[],
  operation: string,
  backend: string,
): ReadableSpan[] {
  return spans.filter((span) => span.name === `${operation} ${backend}`);
}

/** A span's attributes as a plain object, for `toMatchObject`. */
export function spanAttributes(span: ReadableSpan): Attributes {
  return { ...span.attributes };
}
