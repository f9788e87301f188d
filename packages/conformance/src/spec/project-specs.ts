import type { SaverCapabilities } from "../capabilities.js";
import type { SaverHarness } from "../harness.js";
import { channelVersionsSpec } from "./channel-versions-spec.js";
import { concurrencySpec } from "./concurrency-spec.js";
import { copyThreadSpec } from "./copy-thread-spec.js";
import { deleteThreadSpec } from "./delete-thread-spec.js";
import { forkIsolationSpec } from "./fork-isolation-spec.js";
import { hostileIdsSpec } from "./hostile-ids-spec.js";
import { largeValueSpec } from "./large-value-spec.js";
import { listSpec } from "./list-spec.js";
import { pendingSendsMigrationSpec } from "./pending-sends-migration-spec.js";
import { pendingWritesOrderSpec } from "./pending-writes-order-spec.js";
import { pruneSpec } from "./prune-spec.js";
import { ttlSpec } from "./ttl-spec.js";
import { typedErrorsSpec } from "./typed-errors-spec.js";
import { valueRoundTripSpec } from "./value-round-trip-spec.js";
import { writeUpsertSpec } from "./write-upsert-spec.js";

/** One concern of the project's own conformance specs: registers its describe/it blocks. */
export type ConformanceSpec = (harness: SaverHarness, capabilities: SaverCapabilities) => void;

/** The project's own specs, for what the official ones miss, in the order they run. */
export const PROJECT_SPECS: readonly ConformanceSpec[] = [
  listSpec,
  pendingWritesOrderSpec,
  writeUpsertSpec,
  hostileIdsSpec,
  deleteThreadSpec,
  valueRoundTripSpec,
  largeValueSpec,
  channelVersionsSpec,
  forkIsolationSpec,
  concurrencySpec,
  typedErrorsSpec,
  pendingSendsMigrationSpec,
  ttlSpec,
  pruneSpec,
  copyThreadSpec,
];
