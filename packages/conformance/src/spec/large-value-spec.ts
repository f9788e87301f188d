import { randomBytes } from "node:crypto";
import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import {
  freshThreadId,
  makeCheckpoint,
  putCheckpoint,
  SPEC_TIMEOUT_MS,
  threadConfig,
  useSaver,
} from "./fixtures.js";

/**
 * An ASCII string of exactly `bytes` bytes. Base64 of random bytes, so compression cannot
 * shrink it below a backend's item limit and hide a missing chunking path.
 */
function incompressibleText(bytes: number): string {
  return randomBytes(Math.ceil((bytes * 3) / 4))
    .toString("base64")
    .slice(0, bytes);
}

/** A channel value of `capabilities.largeValueBytes` round-trips, as a channel value and as a write. */
export function largeValueSpec(harness: SaverHarness, capabilities: SaverCapabilities): void {
  const bytes = capabilities.largeValueBytes;
  describe(`large values (${bytes} bytes)`, () => {
    const saver = useSaver(harness);

    it(
      "a large channel value round-trips unchanged, next to a small one",
      async () => {
        const large = incompressibleText(bytes);
        expect(Buffer.byteLength(large)).toBe(bytes);
        const threadId = freshThreadId();
        const config = await putCheckpoint(
          saver(),
          threadConfig(threadId),
          makeCheckpoint({ large, small: "small" }),
        );
        const tuple = await saver().getTuple(config);
        // Compared by identity of content, not printed: a 5 MB diff helps nobody.
        const stored = tuple?.checkpoint.channel_values.large as string | undefined;
        expect(stored?.length).toBe(bytes);
        expect(stored === large).toBe(true);
        expect(tuple?.checkpoint.channel_values.small).toBe("small");
      },
      SPEC_TIMEOUT_MS,
    );

    it(
      "a large pending write round-trips unchanged",
      async () => {
        const large = incompressibleText(bytes);
        const config = await putCheckpoint(
          saver(),
          threadConfig(freshThreadId()),
          makeCheckpoint(),
        );
        await saver().putWrites(config, [["large", large]], "task");
        const tuple = await saver().getTuple(config);
        const written = tuple?.pendingWrites?.[0]?.[2] as string | undefined;
        expect(written?.length).toBe(bytes);
        expect(written === large).toBe(true);
      },
      SPEC_TIMEOUT_MS,
    );
  });
}
