import { CheckpointKitError, InvalidConfigError } from "@checkpointkit/core";
import { startBrowser } from "../start-browser.js";
import { parseBrowseArguments } from "./browse-arguments.js";
import { openSaver } from "./open-saver.js";
import { USAGE } from "./usage.js";

export interface BrowseCliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** The page runs until this aborts (the bin aborts it on SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Called with the page's URL once it listens. */
  onListening?: (url: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function describeError(error: unknown): string {
  if (CheckpointKitError.isInstance(error)) return `${error.name}: ${error.message}`;
  // Other errors may quote a connection string: only their name is printed.
  return error instanceof Error ? error.name : "unknown error";
}

/** `checkpointkit-browse ...`: returns the exit code once `signal` aborts. */
export async function runBrowseCli(
  argv: readonly string[],
  streams: BrowseCliStreams,
): Promise<number> {
  let opened: ReturnType<typeof openSaver> | undefined;
  try {
    const args = parseBrowseArguments(argv, streams.env);
    if (args.help || args.saver === undefined) {
      streams.stdout.write(USAGE);
      return EXIT_OK;
    }
    opened = openSaver(args.saver);
    const browser = await startBrowser({ saver: opened.saver, host: args.host, port: args.port });
    streams.stderr.write(`reading ${opened.display} (read-only)\n`);
    streams.stdout.write(`checkpoint browser: ${browser.url}\n`);
    streams.onListening?.(browser.url);
    await new Promise<void>((resolve) => {
      if (streams.signal.aborted) resolve();
      else streams.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await browser.close();
    return EXIT_OK;
  } catch (error) {
    streams.stderr.write(`checkpointkit-browse: ${describeError(error)}\n`);
    return InvalidConfigError.isInstance(error) ? EXIT_USAGE : EXIT_FAILED;
  } finally {
    await opened?.close().catch(() => {});
  }
}
