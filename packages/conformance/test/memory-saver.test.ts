import { MemorySaver } from "@langchain/langgraph-checkpoint";
import type { SaverCapabilities } from "../src/capabilities.js";
import type { SaverCreateOptions } from "../src/harness.js";
import { describeCheckpointSaver } from "../src/spec/index.js";
import { ReferenceRetentionSaver } from "./reference-retention-saver.js";

/**
 * LangGraph's in-memory saver under a neutral name: it proves the suite and its harness
 * plumbing before any real saver exists. Each `create()` is a new, empty saver.
 */
class ReferenceSaver extends MemorySaver {}

/** What `MemorySaver` itself cannot do; each flag's doc says why. */
const MEMORY_SAVER_GAPS: Partial<SaverCapabilities> = {
  storesOnlyNewVersions: false,
  typedErrors: false,
  bytesPendingWrites: false,
  atomicPut: false,
};

describeCheckpointSaver(
  { name: "ReferenceSaver", create: async () => new ReferenceSaver() },
  MEMORY_SAVER_GAPS,
);

describeCheckpointSaver(
  {
    name: "ReferenceRetentionSaver",
    create: async (options?: SaverCreateOptions) =>
      new ReferenceRetentionSaver(options?.ttlSeconds),
  },
  { ...MEMORY_SAVER_GAPS, typedErrors: true, ttl: true, prune: true, copyThread: true },
);
