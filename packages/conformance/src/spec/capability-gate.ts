import type { SaverCapabilities } from "../capabilities.js";

type BooleanCapability = {
  [K in keyof SaverCapabilities]: SaverCapabilities[K] extends boolean ? K : never;
}[keyof SaverCapabilities];

/**
 * `describe` when the saver has `capability`, otherwise a skipped block whose name says which
 * capability is missing, so a skip is visible in the output and never silent.
 */
export function describeWhen(
  capabilities: SaverCapabilities,
  capability: BooleanCapability,
  name: string,
  body: () => void,
): void {
  if (capabilities[capability]) {
    describe(name, body);
  } else {
    describe.skip(`${name} [skipped: capability ${capability} is false]`, body);
  }
}

/** `it` when the saver has `capability`, otherwise a skipped test that names the capability. */
export function itWhen(
  capabilities: SaverCapabilities,
  capability: BooleanCapability,
): (name: string, test: () => Promise<void>, timeoutMs?: number) => void {
  if (capabilities[capability]) return (name, test, timeoutMs) => it(name, test, timeoutMs);
  return (name, test, timeoutMs) =>
    it.skip(`${name} [skipped: capability ${capability} is false]`, test, timeoutMs);
}
