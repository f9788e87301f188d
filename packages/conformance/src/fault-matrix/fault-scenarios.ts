import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import {
  type ArrangedFault,
  arranged,
  arrangeThroughProxy,
  proxiedSaver,
  UNRESOLVABLE_HOST,
} from "./arranged-fault.js";
import type { FaultHarness, FaultName } from "./fault-harness.js";
import { type AcknowledgedWrite, writeAcknowledged } from "./fault-operations.js";
import type { ExpectedErrorClass } from "./operation-outcome.js";

/** One fault of the matrix: how to bring a saver into it, and what it must answer. */
export interface FaultScenario {
  name: FaultName;
  /** Shown in the test names. */
  title: string;
  expected: ExpectedErrorClass;
  /**
   * What the error's message must say, for faults whose error class alone could come from
   * elsewhere (an InvalidConfigError about something else would hide the fault).
   */
  explainedBy?: RegExp;
  /** A network fault: `servedDuringOutage` operations may resolve under it. */
  network: boolean;
  /** The fault can end for the same saver (a wrong host name or password cannot). */
  heals: boolean;
  /** Why the harness cannot express this fault, or undefined when it can. */
  skipReason(harness: FaultHarness): string | undefined;
  arrange(harness: FaultHarness): Promise<ArrangedFault>;
}

/** In-flight latency before the reset, so the reset lands while the request is on the wire. */
const RESET_LATENCY_MS = 200;
/** When the reset comes, after the operation started. */
const RESET_AFTER_MS = 60;

const always = () => undefined;

function missing(harness: FaultHarness, fault: FaultName, member: string): string | undefined {
  return harness.unsupported?.[fault] ?? `the harness has no ${member}`;
}

/** Resets every connection while `operation` is in flight and refuses new ones until it ends. */
async function arrangeResetMidOperation(harness: FaultHarness): Promise<ArrangedFault> {
  const proxied = await proxiedSaver(harness);
  let acknowledged: AcknowledgedWrite;
  try {
    acknowledged = await writeAcknowledged(proxied.saver);
  } catch (error) {
    await proxied.dispose();
    throw error;
  }
  const { proxy } = proxied;
  return {
    ...arranged(proxied.saver, acknowledged, () => proxy.heal(), proxied.dispose),
    async runUnderFault(operation) {
      proxy.setLatencyMs(RESET_LATENCY_MS);
      const reset = setTimeout(() => {
        proxy.refuseNew(true);
        proxy.cutAll();
      }, RESET_AFTER_MS);
      try {
        return await operation();
      } finally {
        clearTimeout(reset);
        await proxy.heal();
      }
    },
  };
}

async function arrangeKilledServer(harness: FaultHarness): Promise<ArrangedFault> {
  if (harness.startOwnedServer === undefined) throw new Error("no startOwnedServer");
  const server = await harness.startOwnedServer();
  const endpoint = { host: server.host, port: server.port };
  try {
    const saver = await harness.createAt(endpoint, endpoint);
    let down = false;
    const restart = async () => {
      await server.restart();
      down = false;
    };
    const dispose = async () => {
      if (down) await restart().catch(() => undefined);
      try {
        await harness.destroy(saver);
      } finally {
        await server.stop();
      }
    };
    try {
      const acknowledged = await writeAcknowledged(saver);
      down = true;
      await server.kill();
      return arranged(saver, acknowledged, restart, dispose);
    } catch (error) {
      await dispose();
      throw error;
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function arrangeMisconfigured(
  harness: FaultHarness,
  create: (() => Promise<BaseCheckpointSaver>) | undefined,
): Promise<ArrangedFault> {
  if (create === undefined) throw new Error("the harness cannot create this saver");
  const saver = await create.call(harness);
  return arranged(saver, undefined, undefined, () => harness.destroy(saver));
}

/** Every fault, in the order the matrix runs them. */
export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  {
    name: "refused",
    title: "connection refused (the port closes after acknowledged writes)",
    expected: "BackendUnavailableError",
    network: true,
    heals: true,
    skipReason: always,
    arrange: (harness) => arrangeThroughProxy(harness, (proxy) => proxy.closePort(true)),
  },
  {
    name: "dns-failure",
    title: `DNS failure (${UNRESOLVABLE_HOST})`,
    expected: "BackendUnavailableError",
    network: true,
    heals: false,
    skipReason: always,
    async arrange(harness) {
      const server = await harness.server();
      const saver = await harness.createAt({ host: UNRESOLVABLE_HOST, port: server.port }, server);
      return arranged(saver, undefined, undefined, () => harness.destroy(saver));
    },
  },
  {
    name: "accepts-but-silent",
    title: "accepts connections, never answers (silent from the start)",
    expected: "BackendUnavailableError",
    network: true,
    heals: true,
    skipReason: always,
    async arrange(harness) {
      const proxied = await proxiedSaver(harness, (proxy) => proxy.blackhole(true));
      return arranged(proxied.saver, undefined, () => proxied.proxy.heal(), proxied.dispose);
    },
  },
  {
    name: "established-then-silent",
    title: "established connections go silent (half-open)",
    expected: "BackendUnavailableError",
    network: true,
    heals: true,
    skipReason: always,
    arrange: (harness) =>
      arrangeThroughProxy(harness, async (proxy) => {
        proxy.blackhole(true);
      }),
  },
  {
    name: "reset-mid-operation",
    title: "connections reset mid-operation, new ones reset until it ends",
    expected: "BackendUnavailableError",
    network: true,
    heals: true,
    skipReason: always,
    arrange: arrangeResetMidOperation,
  },
  {
    name: "sigkill-restart",
    title: "server SIGKILLed after acknowledged writes, then restarted",
    expected: "BackendUnavailableError",
    network: true,
    heals: true,
    skipReason: (harness) =>
      harness.startOwnedServer === undefined
        ? missing(harness, "sigkill-restart", "startOwnedServer")
        : undefined,
    arrange: arrangeKilledServer,
  },
  {
    name: "auth-failure",
    title: "wrong credentials",
    expected: "InvalidConfigError",
    explainedBy: /auth|password|credential|key/i,
    network: false,
    heals: false,
    skipReason: (harness) =>
      harness.createWithWrongCredentials === undefined
        ? missing(harness, "auth-failure", "createWithWrongCredentials")
        : undefined,
    arrange: (harness) => arrangeMisconfigured(harness, harness.createWithWrongCredentials),
  },
  {
    name: "wrong-database",
    title: "a database that does not exist",
    expected: "InvalidConfigError",
    explainedBy: /database/i,
    network: false,
    heals: false,
    skipReason: (harness) =>
      harness.createWithWrongDatabase === undefined
        ? missing(harness, "wrong-database", "createWithWrongDatabase")
        : undefined,
    arrange: (harness) => arrangeMisconfigured(harness, harness.createWithWrongDatabase),
  },
];
