// The tests import the process runner from here; it is shared with readme-snippets through
// @checkpointkit/conformance, which both examples already depend on.
export {
  type CommandResult,
  expectSuccess,
  type RunCommandOptions,
  runCommand,
} from "@checkpointkit/conformance";
