export const USAGE = `Usage: checkpointkit-browse <saver> [--host 127.0.0.1] [--port 0]
       checkpointkit-browse --config <file.json|file.js|file.mjs> [flags that override it]

Starts a local, read-only web page over a checkpointkit saver: threads, a thread's timeline
(steps, nodes, forks, interrupts), a checkpoint's state, pending writes and diff.

Saver (exactly one):
  --redis <redis://...|rediss://...>   RedisSaver; --key-prefix <prefix>, --shard-count <n>
  --postgres <postgres://...>          PostgresSaver; --schema <name> (default: checkpointkit)
  --cosmos-endpoint <https://...>      CosmosSaver; --cosmos-key <key>, --database <id>,
                                       --container <id> (or COSMOS_ENDPOINT, COSMOS_KEY)
  --tiered-redis <redis://...>         TieredSaver, read-only (no flusher), with its cold tier:
    --tiered-postgres <postgres://...>   and --schema, or
    --tiered-cosmos-endpoint <https://...> and --cosmos-key, --database, --container;
                                       --key-prefix, --shard-count as the TieredSaver's

Options:
  --config <file>    settings from a file (see the README); flags override its values, and a
                     flag naming a saver replaces the file's saver
  --host <address>   address to listen on (default 127.0.0.1: this machine only)
  --port <port>      port (default 0: a free one; the URL is printed)
  -h, --help         this text

Nothing is written to the store. Passwords and keys are never printed.
`;
