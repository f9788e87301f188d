// Preloaded into every snippet run (node --require): a README snippet must end because
// nothing is left open, never because it called process.exit, which would hide an open
// client or pool from the check.
process.exit = function exitRefused(code) {
  throw new Error(
    `process.exit(${code ?? ""}) called: a README snippet must end by itself once it has closed what it opened`,
  );
};
