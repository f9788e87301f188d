import type { BenchOptions } from "./bench-options.js";
import type { SaverStatus } from "./report/saver-status.js";
import { ALL_SAVER_PLUGINS } from "./savers/all-saver-plugins.js";
import {
  buildPackage,
  type CheckpointkitPackage,
  needsBuild,
} from "./savers/checkpointkit-package.js";
import type { PreparedSaver } from "./scenarios/scenario.js";
import type { BenchServers } from "./servers/bench-servers.js";

const CHECKPOINTKIT_PACKAGES: readonly CheckpointkitPackage[] = [
  "postgres",
  "redis",
  "cosmos",
  "tiered",
];

/**
 * Rebuilds checkpointkit packages whose dist is missing or stale (one at a time: the machine
 * is small). Returns the first error line of each package that failed to build.
 */
async function buildStalePackages(log: (line: string) => void): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  for (const name of CHECKPOINTKIT_PACKAGES) {
    if (!needsBuild(name)) continue;
    log(`building @checkpointkit/${name} (dist missing or older than src)`);
    const failure = await buildPackage(name);
    if (failure !== undefined) {
      failures.set(name, failure);
      log(`  @checkpointkit/${name} does not build: ${failure}`);
    }
  }
  return failures;
}

/** The package a plugin loads, read from its id (`checkpointkit-redis` → `redis`). */
function packageOf(pluginId: string): string | undefined {
  return pluginId.startsWith("checkpointkit-")
    ? pluginId.slice("checkpointkit-".length)
    : undefined;
}

/** Loads every saver plugin the options select; those that cannot run get their reason. */
export async function prepareSavers(
  options: BenchOptions,
  servers: BenchServers,
  log: (line: string) => void,
): Promise<{ prepared: PreparedSaver[]; statuses: SaverStatus[] }> {
  const buildFailures = options.buildPackages
    ? await buildStalePackages(log)
    : new Map<string, string>();
  const prepared: PreparedSaver[] = [];
  const statuses: SaverStatus[] = [];
  const selected = ALL_SAVER_PLUGINS.filter(
    (plugin) =>
      options.saverFilters.length === 0 ||
      options.saverFilters.some((filter) => plugin.id.includes(filter)),
  );
  for (const plugin of selected) {
    const packageName = packageOf(plugin.id);
    const buildFailure = packageName === undefined ? undefined : buildFailures.get(packageName);
    try {
      if (buildFailure !== undefined) {
        throw new Error(`not built yet: packages/${packageName} does not build (${buildFailure})`);
      }
      prepared.push({ plugin, factory: await plugin.prepare(servers) });
      statuses.push({ id: plugin.id, label: plugin.label, ran: true });
      log(`saver ${plugin.label}: ready`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      statuses.push({ id: plugin.id, label: plugin.label, ran: false, reason });
      log(`saver ${plugin.label}: skipped, ${reason}`);
    }
  }
  return { prepared, statuses };
}
