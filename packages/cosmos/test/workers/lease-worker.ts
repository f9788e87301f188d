/**
 * A process of its own for the lease specs' two-process race: a CosmosSaver with its own
 * client on the container named by LEASE_WORKER, serving the spec's requests over the fork
 * IPC channel (see conformance's `serveLeaseWorker`).
 */
import { createRequire } from "node:module";
import { CosmosSaver } from "../../src/index.js";

type LeaseWorkerModule = typeof import("@checkpointkit/conformance/lease-worker");

// Its own entry point: the package's main one sets up jest hooks, and there is no jest here.
// Required, not imported: the package is CommonJS whose names Node cannot list for an import.
const { serveLeaseWorker } = createRequire(import.meta.url)(
  "@checkpointkit/conformance/lease-worker",
) as LeaseWorkerModule;

const { endpoint, key, databaseId, containerId, history } = JSON.parse(
  process.env.LEASE_WORKER ?? "{}",
) as {
  endpoint: string;
  key: string;
  databaseId: string;
  containerId: string;
  /** The history mode of the spec's saver, so both processes write the same layout. */
  history?: "full" | "latest";
};
serveLeaseWorker(
  CosmosSaver.fromConnectionString(`AccountEndpoint=${endpoint};AccountKey=${key};`, {
    databaseId,
    containerId,
    history,
  }),
);
