import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { startFaultProxy } from "../fault-proxy/fault-proxy.js";
import type { FaultProxy } from "../fault-proxy/index.js";
import { freshThreadId } from "../spec/fixtures.js";
import type { FaultEndpoint, FaultHarness } from "./fault-harness.js";
import { type AcknowledgedWrite, writeAcknowledged } from "./fault-operations.js";

/** A saver with a fault in force, as one scenario of the matrix set it up. */
export interface ArrangedFault {
  saver: BaseCheckpointSaver;
  /** What the saver acknowledged before the fault, readable once it heals. */
  acknowledged: AcknowledgedWrite | undefined;
  /** The thread `getTuple` and `list` read under the fault. */
  readThreadId: string;
  /** Runs one operation under the fault (a fault may be injected while it is in flight). */
  runUnderFault(operation: () => Promise<unknown>): Promise<unknown>;
  /** Ends the fault for the same saver; undefined when it cannot end (a wrong host name). */
  heal: (() => Promise<void>) | undefined;
  /** Heals what it can and releases the saver, the proxy and owned servers. */
  dispose(): Promise<void>;
}

/** A name that never resolves: `.invalid` is reserved for that (RFC 2606). */
export const UNRESOLVABLE_HOST = "checkpointkit-fault-matrix.invalid";

/** A saver connected through a new fault proxy in front of the harness's server. */
export interface ProxiedSaver {
  saver: BaseCheckpointSaver;
  proxy: FaultProxy;
  dispose(): Promise<void>;
}

export async function proxiedSaver(
  harness: FaultHarness,
  breakBeforeCreate?: (proxy: FaultProxy) => void,
): Promise<ProxiedSaver> {
  const server = await harness.server();
  const proxy = await startFaultProxy({ targetHost: server.host, targetPort: server.port });
  breakBeforeCreate?.(proxy);
  const endpoint: FaultEndpoint = { host: proxy.host, port: proxy.port };
  let saver: BaseCheckpointSaver;
  try {
    saver = await harness.createAt(endpoint, server);
  } catch (error) {
    await proxy.close();
    throw error;
  }
  return {
    saver,
    proxy,
    async dispose() {
      await proxy.heal();
      try {
        await harness.destroy(saver);
      } finally {
        await proxy.close();
      }
    },
  };
}

/** An arranged fault whose operations just run (the fault is already in force). */
export function arranged(
  saver: BaseCheckpointSaver,
  acknowledged: AcknowledgedWrite | undefined,
  heal: (() => Promise<void>) | undefined,
  dispose: () => Promise<void>,
): ArrangedFault {
  return {
    saver,
    acknowledged,
    readThreadId: acknowledged?.threadId ?? freshThreadId("fault-read"),
    runUnderFault: (operation) => operation(),
    heal,
    dispose,
  };
}

/** Acknowledged writes through the healthy proxy, then `inject` breaks it. */
export async function arrangeThroughProxy(
  harness: FaultHarness,
  inject: (proxy: FaultProxy) => Promise<void>,
): Promise<ArrangedFault> {
  const proxied = await proxiedSaver(harness);
  try {
    const acknowledged = await writeAcknowledged(proxied.saver);
    await inject(proxied.proxy);
    return arranged(proxied.saver, acknowledged, () => proxied.proxy.heal(), proxied.dispose);
  } catch (error) {
    await proxied.dispose();
    throw error;
  }
}
