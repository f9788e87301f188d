import { runBrowseCli } from "@checkpointkit/browser";
import { CheckpointKitError, InvalidConfigError } from "@checkpointkit/core";
import { migrateThreads } from "../migrate-threads.js";
import { openStateFile } from "../state-file.js";
import { parseMigrateArguments } from "./migrate-arguments.js";
import { connectSource } from "./migration-source-connection.js";
import { openMigrationTarget } from "./migration-target.js";
import { createProgressReporter, type ProgressStream } from "./progress-reporter.js";
import { refuseOfficialSchemaAsTarget } from "./same-schema-guard.js";
import { SecretScrubber } from "./secret-scrubber.js";
import { summaryLine } from "./summary-line.js";
import { USAGE } from "./usage.js";

export interface CliStreams {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** Ends `browse`; without it, SIGINT/SIGTERM do. */
  signal?: AbortSignal;
}

/** Exit codes: success, a failed run, a command line the CLI cannot act on. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A stream whose every write passes through the scrubber first. */
function scrubbed(stream: ProgressStream, scrubber: SecretScrubber): ProgressStream {
  return { isTTY: stream.isTTY, write: (text: string) => stream.write(scrubber.scrub(text)) };
}

async function migrate(args: string[], streams: CliStreams, scrubber: SecretScrubber) {
  const stdout = scrubbed(streams.stdout, scrubber);
  const stderr = scrubbed(streams.stderr, scrubber);
  const parsed = parseMigrateArguments(args, streams.env);
  if (parsed.help) {
    stdout.write(USAGE);
    return;
  }
  refuseOfficialSchemaAsTarget(parsed);
  const connection = connectSource(parsed, scrubber);
  try {
    const target = await openMigrationTarget(parsed, scrubber);
    try {
      const progress =
        parsed.stateFile === undefined || parsed.dryRun
          ? undefined
          : await openStateFile(parsed.stateFile, {
              source: connection.display,
              target: target.display,
            });
      stderr.write(`from ${connection.display}\nto   ${target.display}\n`);
      const reporter = createProgressReporter(stderr);
      try {
        const summary = await migrateThreads({
          source: connection.source,
          target: target.saver,
          progress,
          dryRun: parsed.dryRun,
          onThread: (event) => reporter.onThread(event),
        });
        reporter.finish();
        stdout.write(summaryLine(summary));
      } catch (error) {
        reporter.finish();
        throw error;
      }
    } finally {
      await target.close();
    }
  } finally {
    await connection.close();
  }
}

function describeError(error: unknown): string {
  if (CheckpointKitError.isInstance(error)) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** `browse` serves its page until the process is asked to stop. */
function stopSignal(): AbortSignal {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  return stop.signal;
}

/**
 * `checkpointkit <command> ...`: returns the exit code instead of exiting, so tests can run
 * it in-process. Everything written passes through a scrubber that knows this run's secrets.
 */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    streams.stdout.write(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === "browse") {
    return runBrowseCli(rest, { ...streams, signal: streams.signal ?? stopSignal() });
  }
  if (command !== "migrate") {
    streams.stderr.write(`checkpointkit: unknown command (try: checkpointkit migrate --help)\n`);
    return EXIT_USAGE;
  }
  const scrubber = new SecretScrubber();
  try {
    await migrate(rest, streams, scrubber);
    return EXIT_OK;
  } catch (error) {
    streams.stderr.write(scrubber.scrub(`checkpointkit migrate: ${describeError(error)}\n`));
    return InvalidConfigError.isInstance(error) ? EXIT_USAGE : EXIT_FAILED;
  }
}
