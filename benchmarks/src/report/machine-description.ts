import { cpus, totalmem } from "node:os";

/** What the figures were measured on; quoted at the top of RESULTS.md and in results.json. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  nodeVersion: string;
  platform: string;
  serverVersions: Record<string, string>;
  date: string;
}

export function describeMachine(serverVersions: Record<string, string>): MachineDescription {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    platform: `${process.platform} ${process.arch}`,
    serverVersions,
    date: new Date().toISOString(),
  };
}
