export const USAGE = `Usage: checkpointkit-browse <saver> [--host 127.0.0.1] [--port 0]

Starts a local, read-only web page over a checkpointkit saver: threads, a thread's timeline
(steps, nodes, forks, interrupts), a checkpoint's state, pending writes and diff.

Saver (exactly one):
  --redis <redis://...|rediss://...>   RedisSaver; --key-prefix <prefix>
  --postgres <postgres://...>          PostgresSaver; --schema <name> (default: checkpointkit)
  --cosmos-endpoint <https://...>      CosmosSaver; --cosmos-key <key>, --database <id>,
                                       --container <id> (or COSMOS_ENDPOINT, COSMOS_KEY)

Options:
  --host <address>   address to listen on (default 127.0.0.1: this machine only)
  --port <port>      port (default 0: a free one; the URL is printed)
  -h, --help         this text

Nothing is written to the store. Passwords and keys are never printed.
`;
