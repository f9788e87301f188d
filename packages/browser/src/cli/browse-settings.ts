import { InvalidConfigError } from "@checkpointkit/core";

/**
 * What `checkpointkit-browse` is told, flag by flag, from the command line or a config file.
 * Each value keeps the name it was given under (`--redis`, `browse.json: redis.url`), so a
 * refusal says where to look without ever quoting the value.
 */
export interface Setting {
  value: string;
  label: string;
}

/** The settings that name which saver to open; flags naming one replace the file's saver. */
const SAVER_CHOOSERS = [
  "redis",
  "postgres",
  "cosmosEndpoint",
  "tieredRedis",
  "tieredPostgres",
  "tieredCosmosEndpoint",
] as const;
/** The rest of a saver's settings, which go with whichever saver is chosen. */
const SAVER_OPTIONS = [
  "keyPrefix",
  "shardCount",
  "schema",
  "cosmosKey",
  "database",
  "container",
] as const;

export const SETTING_NAMES = [...SAVER_CHOOSERS, ...SAVER_OPTIONS, "host", "port"] as const;

export type SettingName = (typeof SETTING_NAMES)[number];
export type BrowseSettings = Partial<Record<SettingName, Setting>>;

/**
 * The file's settings with the flags on top: a flag wins over the file's value of the same
 * setting, and a flag that names a saver (`--redis`, `--tiered-redis`, ...) replaces the
 * file's whole saver, so the two never combine into a saver neither of them named.
 */
export function overlaySettings(file: BrowseSettings, flags: BrowseSettings): BrowseSettings {
  const flagsNameSaver = SAVER_CHOOSERS.some((name) => flags[name] !== undefined);
  const base: BrowseSettings = { ...file };
  if (flagsNameSaver) for (const name of [...SAVER_CHOOSERS, ...SAVER_OPTIONS]) delete base[name];
  for (const name of SETTING_NAMES) {
    const flag = flags[name];
    if (flag !== undefined) base[name] = flag;
  }
  return base;
}

/** A setting that must be there, or `InvalidConfigError` naming what needs it. */
export function required(
  settings: BrowseSettings,
  name: SettingName,
  flag: string,
  neededBy: string,
): Setting {
  const setting = settings[name];
  if (setting === undefined || setting.value === "") {
    throw new InvalidConfigError(`${neededBy} needs ${flag}`, { field: name });
  }
  return setting;
}

/** A whole number in `[min, max]`, or `InvalidConfigError` naming where it came from. */
export function integerSetting(
  setting: Setting | undefined,
  min: number,
  max: number,
): number | undefined {
  if (setting === undefined) return undefined;
  const number = Number(setting.value);
  if (setting.value.trim() === "" || !Number.isInteger(number) || number < min || number > max) {
    throw new InvalidConfigError(`${setting.label} must be an integer from ${min} to ${max}`, {
      field: setting.label,
    });
  }
  return number;
}
