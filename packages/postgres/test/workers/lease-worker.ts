/**
 * A process of its own for the lease specs' two-process race: a PostgresSaver with its own
 * pool on the schema named by LEASE_WORKER ({ url, schema }), serving the spec's requests
 * over the fork IPC channel (see conformance's `serveLeaseWorker`).
 */
import { createRequire } from "node:module";
import { PostgresSaver } from "../../src/index.js";

type LeaseWorkerModule = typeof import("@checkpointkit/conformance/lease-worker");

// Its own entry point: the package's main one sets up jest hooks, and there is no jest here.
// Required, not imported: the package is CommonJS whose names Node cannot list for an import.
const { serveLeaseWorker } = createRequire(import.meta.url)(
  "@checkpointkit/conformance/lease-worker",
) as LeaseWorkerModule;

const { url, schema } = JSON.parse(process.env.LEASE_WORKER ?? "{}") as {
  url: string;
  schema: string;
};
serveLeaseWorker(PostgresSaver.fromConnString(url, { schema }));
