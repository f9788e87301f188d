import { describeInputContract, type SaverHarness } from "@checkpointkit/conformance";
import type { PostgresSaver } from "../src/index.js";
import { createSchemaSaver, type SchemaSaver } from "./support/test-database.js";

const schemas = new Map<PostgresSaver, SchemaSaver>();

const harness: SaverHarness<PostgresSaver> = {
  name: "PostgresSaver",
  async create() {
    const schemaSaver = await createSchemaSaver();
    schemas.set(schemaSaver.saver, schemaSaver);
    return schemaSaver.saver;
  },
  async destroy(saver) {
    await schemas.get(saver)?.dispose();
    schemas.delete(saver);
  },
};

describeInputContract(harness, { prune: true, copyThread: true });
