export type { FaultProxy } from "./fault-proxy.js";
export { startFaultProxy } from "./fault-proxy.js";
export type { FaultProxyOptions } from "./fault-proxy-options.js";
