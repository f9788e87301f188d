// Stops what global-setup.cjs started (and only that: servers named by env vars are not ours).
module.exports = async function globalTeardown() {
  const shared = globalThis.__checkpointkitSharedTestServers;
  globalThis.__checkpointkitSharedTestServers = undefined;
  await shared?.stopAll();
};
