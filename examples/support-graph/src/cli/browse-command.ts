/** What the demo prints so its run can be looked at in @checkpointkit/browser. */
export interface BrowseHint {
  /** `pnpm browse ...` from the repository root; no password or key in it. */
  command: string;
  /** True when the storage outlives the demo (servers named by REDIS_URL & co.). */
  outlivesDemo: boolean;
}

/** Only what a shell passes through unchanged stays unquoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The URL without its password: the command is printed, the password must not be. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "<url>";
  }
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

function postgresArguments(connection: Record<string, unknown>): string[] {
  return ["--postgres", withoutPassword(text(connection.url)), "--schema", text(connection.schema)];
}

function cosmosArguments(connection: Record<string, unknown>): string[] {
  return [
    "--cosmos-endpoint",
    text(connection.endpoint),
    "--database",
    text(connection.databaseId),
    "--container",
    text(connection.containerId),
  ];
}

const present = (name: string) => (process.env[name] ?? "") !== "";

/**
 * The browse command for the saver the demo ran on, from the connection it hands its crash
 * child (`SaverEnvironment.childConnection`); undefined for the in-memory saver. A tiered
 * run is browsed on its cold tier, the durable record everything is flushed to by the end.
 */
export function browseHint(
  saverName: string,
  connection: Record<string, unknown>,
): BrowseHint | undefined {
  let saverArguments: string[];
  let outlivesDemo: boolean;
  switch (saverName) {
    case "redis":
      saverArguments = [
        "--redis",
        withoutPassword(text(connection.url)),
        "--key-prefix",
        text(connection.keyPrefix),
      ];
      outlivesDemo = present("REDIS_URL");
      break;
    case "postgres":
      saverArguments = postgresArguments(connection);
      outlivesDemo = present("POSTGRES_URL");
      break;
    case "cosmos":
      saverArguments = cosmosArguments(connection);
      outlivesDemo = present("COSMOS_ENDPOINT");
      break;
    case "tiered": {
      const cold = connection.coldTier === "cosmos" ? connection.cosmos : connection.postgres;
      if (cold === null || typeof cold !== "object") return undefined;
      const coldConnection = cold as Record<string, unknown>;
      saverArguments =
        connection.coldTier === "cosmos"
          ? cosmosArguments(coldConnection)
          : postgresArguments(coldConnection);
      outlivesDemo = present(connection.coldTier === "cosmos" ? "COSMOS_ENDPOINT" : "POSTGRES_URL");
      break;
    }
    default:
      return undefined;
  }
  const command = ["pnpm", "browse", ...saverArguments].map(shellWord).join(" ");
  const withKey = saverArguments[0] === "--cosmos-endpoint" ? `COSMOS_KEY=... ${command}` : command;
  return { command: withKey, outlivesDemo };
}

/** The lines the demo ends with. */
export function browseHintLines(hint: BrowseHint | undefined, runId: string): string[] {
  if (hint === undefined) return [];
  const lines = [`browse this run (search for ${runId}): ${hint.command}`];
  if (!hint.outlivesDemo) {
    lines.push(
      "  (the demo stopped the servers it started; set REDIS_URL / POSTGRES_URL / COSMOS_ENDPOINT + COSMOS_KEY to keep a run)",
    );
  }
  return lines;
}
