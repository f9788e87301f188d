export const USAGE = `Usage: checkpointkit migrate --from <postgres-url> --to <target> [options]

Copies every thread of the official @langchain/langgraph-checkpoint-postgres saver into a
checkpointkit saver. Only what the target lacks is written; each thread is read back and
compared with the source. Safe to re-run and to resume after an interruption.

Source:
  --from <url>               postgres://user:password@host:5432/db[?schema=public]
  --from-schema <name>       schema of the official tables (default: public)

Target (--to):
  postgres://...[?schema=]   checkpointkit PostgresSaver; --to-schema <name> (default: checkpointkit)
  redis://... | rediss://... checkpointkit RedisSaver; --to-key-prefix <prefix>
  cosmos                     checkpointkit CosmosSaver; --cosmos-endpoint, --cosmos-key,
                             --cosmos-database, --cosmos-container (or COSMOS_ENDPOINT,
                             COSMOS_KEY, COSMOS_DATABASE, COSMOS_CONTAINER);
                             --cosmos-create-container creates them if missing

Options:
  --state <file>             progress record: completed threads are skipped on the next run
  --dry-run                  compare and count only; write nothing
  -h, --help                 this text

Passwords and keys are never printed.

checkpointkit browse --redis|--postgres|--cosmos-endpoint|--tiered-redis|--config ...: a
read-only web page over a saver's checkpoints (@checkpointkit/browser; checkpointkit browse --help).
`;
