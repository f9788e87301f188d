import type { SaverCreateOptions } from "../src/harness.js";
import { describeInputContract } from "../src/spec/index.js";
import { ReferenceRetentionSaver } from "./reference-retention-saver.js";

// The reference saver keeps core's input contract: the spec must pass against it, which
// shows the spec asks for what core's contract gives, no more and no less.
describeInputContract(
  {
    name: "ReferenceRetentionSaver",
    create: async (options?: SaverCreateOptions) =>
      new ReferenceRetentionSaver(options?.ttlSeconds),
  },
  { prune: true, copyThread: true },
);
