import { CheckpointKitError, InvalidConfigError } from "@checkpointkit/core";
import { startBrowser } from "../start-browser.js";
import { parseBrowseArguments } from "./browse-arguments.js";
import { readBrowseConfigFile } from "./browse-config-file.js";
import { integerSetting, overlaySettings } from "./browse-settings.js";
import { type OpenedSaver, openSaver } from "./open-saver.js";
import { selectSaver } from "./saver-selection.js";
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
  let opened: OpenedSaver | undefined;
  try {
    const args = parseBrowseArguments(argv);
    if (args.help) {
      streams.stdout.write(USAGE);
      return EXIT_OK;
    }
    // Everything is read and checked before anything is opened.
    const file =
      args.configPath === undefined ? {} : await readBrowseConfigFile(args.configPath, streams.env);
    const settings = overlaySettings(file, args.flags);
    const selection = selectSaver(settings, streams.env);
    const host = settings.host?.value ?? "127.0.0.1";
    const port = integerSetting(settings.port, 0, 65_535) ?? 0;
    opened = openSaver(selection);
    const browser = await startBrowser({ saver: opened.saver, host, port });
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
