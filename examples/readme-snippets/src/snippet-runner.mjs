// The process a README snippet runs in: `node snippet-runner.mjs <compiled snippet> <graceMs>`.
// It imports the snippet (its top-level awaits run to their end) and then gives whatever the
// snippet left behind `graceMs` to finish. A snippet that closed its clients, pools and timers
// lets Node end at once; one that left a handle open (an ioredis client, a pg pool that only
// idles out after 10 s) is still alive when the grace ends and is reported with what is open.
import { pathToFileURL } from "node:url";

const exitProcess = process.exit.bind(process);

// A snippet must end because nothing is left open, never through process.exit, which would
// hide an open client or pool.
process.exit = (code) => {
  throw new Error(
    `process.exit(${code ?? ""}) called: a README snippet must end by itself once it has closed what it opened`,
  );
};

const [snippetPath, graceText] = process.argv.slice(2);
await import(pathToFileURL(snippetPath).href);

const graceMs = Number(graceText);
setTimeout(() => {
  const open = process.getActiveResourcesInfo().filter((resource) => resource !== "CloseReq");
  process.stderr.write(
    `still running ${graceMs} ms after its last statement; open: ${open.join(", ") || "?"}\n`,
    () => exitProcess(1),
  );
}, graceMs).unref();
