import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidConfigError } from "@checkpointkit/core";
import type { BrowseSettings, SettingName } from "./browse-settings.js";

/**
 * The config file's fields, by section, and the setting each fills. The names are the
 * savers' own option names (`keyPrefix`, `schema`, `databaseId`, ...).
 */
type FieldMap = Readonly<Record<string, SettingName>>;

const REDIS_FIELDS: FieldMap = { url: "redis", keyPrefix: "keyPrefix", shardCount: "shardCount" };
const POSTGRES_FIELDS: FieldMap = { url: "postgres", schema: "schema" };
const COSMOS_FIELDS: FieldMap = {
  endpoint: "cosmosEndpoint",
  key: "cosmosKey",
  databaseId: "database",
  containerId: "container",
};
const TOP_LEVEL_FIELDS: FieldMap = { host: "host", port: "port" };
const TIERED_FIELDS: FieldMap = { keyPrefix: "keyPrefix", shardCount: "shardCount" };

class ConfigReader {
  readonly settings: BrowseSettings = {};
  constructor(
    readonly path: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  refuse(field: string, problem: string): never {
    throw new InvalidConfigError(`${this.path}: ${field} ${problem}`, { field });
  }

  /** A plain object, else a refusal; unknown keys are refused (a typo must not be ignored). */
  section(value: unknown, field: string, known: readonly string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.refuse(field || "the file", "must be an object");
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.refuse(
          field === "" ? key : `${field}.${key}`,
          `is not a known field (${known.join(", ")})`,
        );
      }
    }
    return value as Record<string, unknown>;
  }

  /** A string, a number, or `{ "env": "NAME" }` read from the environment. */
  value(value: unknown, field: string): string {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const reference = this.section(value, field, ["env"]).env;
      if (typeof reference !== "string" || reference === "") {
        this.refuse(`${field}.env`, "must name an environment variable");
      }
      const fromEnv = this.env[reference];
      if (fromEnv === undefined || fromEnv === "") {
        this.refuse(field, `names the environment variable ${reference}, which is not set`);
      }
      return fromEnv;
    }
    return this.refuse(field, 'must be a string, a number or { "env": "NAME" }');
  }

  fields(section: Record<string, unknown>, prefix: string, map: FieldMap, rename: FieldMap = {}) {
    for (const [key, name] of Object.entries(map)) {
      if (section[key] === undefined) continue;
      const field = `${prefix}${key}`;
      const setting = rename[key] ?? name;
      this.settings[setting] = {
        value: this.value(section[key], field),
        label: `${this.path}: ${field}`,
      };
    }
  }

  saverSection(
    file: Record<string, unknown>,
    name: string,
    map: FieldMap,
    prefix = "",
    rename: FieldMap = {},
  ) {
    if (file[name] === undefined) return;
    const field = `${prefix}${name}`;
    const section = this.section(file[name], field, Object.keys(map));
    const urlField = Object.keys(map)[0] as string;
    if (section[urlField] === undefined) this.refuse(`${field}.${urlField}`, "is required");
    this.fields(section, `${field}.`, map, rename);
  }

  read(file: unknown): BrowseSettings {
    const top = this.section(file, "", [
      "redis",
      "postgres",
      "cosmos",
      "tiered",
      ...Object.keys(TOP_LEVEL_FIELDS),
    ]);
    this.saverSection(top, "redis", REDIS_FIELDS);
    this.saverSection(top, "postgres", POSTGRES_FIELDS);
    this.saverSection(top, "cosmos", COSMOS_FIELDS);
    this.fields(top, "", TOP_LEVEL_FIELDS);
    if (top.tiered !== undefined) {
      const tiered = this.section(top.tiered, "tiered", [
        "redis",
        "postgres",
        "cosmos",
        ...Object.keys(TIERED_FIELDS),
      ]);
      this.saverSection(tiered, "redis", { url: "tieredRedis" }, "tiered.");
      if (tiered.redis === undefined) this.refuse("tiered.redis", "is required");
      this.saverSection(tiered, "postgres", POSTGRES_FIELDS, "tiered.", { url: "tieredPostgres" });
      this.saverSection(tiered, "cosmos", COSMOS_FIELDS, "tiered.", {
        endpoint: "tieredCosmosEndpoint",
      });
      this.fields(tiered, "tiered.", TIERED_FIELDS);
    }
    return this.settings;
  }
}

/** The file's contents: JSON, or the default export of a .js/.mjs module. */
async function loadConfig(path: string, refuse: (problem: string) => never): Promise<unknown> {
  const absolute = resolve(path);
  const extension = extname(absolute);
  if (extension === ".js" || extension === ".mjs") {
    let loaded: { default?: unknown };
    try {
      loaded = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
    } catch (error) {
      // Only the error's name: a syntax error's message may quote the file, secrets and all.
      return refuse(`could not be loaded (${error instanceof Error ? error.name : "error"})`);
    }
    if (loaded.default === undefined) return refuse("has no default export");
    return loaded.default;
  }
  if (extension !== ".json") return refuse("must be a .json, .js or .mjs file");
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return refuse(code === "ENOENT" ? "does not exist" : "cannot be read");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be a secret.
    return refuse("is not valid JSON");
  }
}

/**
 * Reads `--config <file>` into settings, checking every field before anything is opened:
 * each refusal is an `InvalidConfigError` naming the file and the field, never a value.
 */
export async function readBrowseConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
): Promise<BrowseSettings> {
  const refuse = (problem: string): never => {
    throw new InvalidConfigError(`${path} ${problem}`, { field: "config" });
  };
  return new ConfigReader(path, env).read(await loadConfig(path, refuse));
}
