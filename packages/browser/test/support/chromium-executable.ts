import { accessSync, constants } from "node:fs";

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES;
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Outside CI a machine without chromium skips the real-browser tests (saying so); under CI a
 * missing chromium is a failure, so the suite can never pass without having run them.
 */
export function chromiumOrSkipReason():
  | { executablePath: string }
  | { skip: string }
  | { fail: string } {
  const executablePath = findChromium();
  if (executablePath !== undefined) return { executablePath };
  const where = process.env.CHROMIUM_PATH ?? CANDIDATES.join(" or ");
  if (process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false") {
    return {
      fail: `CI is set but no chromium at ${where}: install it (apt-get install -y chromium)`,
    };
  }
  return {
    skip: `no chromium at ${where}: real-browser tests skipped (apt-get install -y chromium)`,
  };
}
