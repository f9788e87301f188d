import type { SafetyVariant } from "./safety-variants.js";

/** The servers as a worker process receives them: addresses only, nothing to stop. */
export interface WorkerServers {
  redisUrl?: string;
  postgresUrl?: string;
  cosmos?: { endpoint: string; key: string; external: boolean };
  unavailable: Partial<Record<"redis" | "postgres" | "cosmos", string>>;
}

/** What the section asks of a worker; one request at a time, each answered once. */
export type WorkerRequest =
  | { kind: "setup"; saverIds: string[]; servers: WorkerServers; variantIds: SafetyVariant["id"][] }
  | {
      kind: "run";
      saverId: string;
      variantId: SafetyVariant["id"];
      /** Untimed steps first: the process may just have woken from the other worker's turn. */
      untimedSteps: number;
      steps: number;
    }
  | { kind: "dispose" };

/** One block of timed steps: each step's wall time and round trips, and the CPU they took. */
export interface StepBlock {
  stepMs: number[];
  roundTrips: number[];
  /** The worker process's CPU time (user + system) over the timed steps, in milliseconds. */
  cpuMs: number;
}

export type WorkerReply =
  | { ok: true; kind: "setup"; unavailable: Record<string, string> }
  | { ok: true; kind: "run"; block: StepBlock }
  | { ok: true; kind: "dispose" }
  | { ok: false; error: string };
