/** Where `startFaultProxy()` forwards to: a host and port, or a URL to take them from. */
export type FaultProxyOptions =
  | {
      /** Host of the real server, e.g. `127.0.0.1`. */
      targetHost: string;
      /** Port of the real server. */
      targetPort: number;
      /**
       * Latency added to each direction from the start, in milliseconds.
       * @default 0
       */
      initialLatencyMs?: number;
    }
  | {
      /**
       * URL of the real server, e.g. `redis://127.0.0.1:6379/1` or a Postgres URL with
       * credentials; the proxy's `url` is this URL with host and port swapped for the proxy's.
       */
      targetUrl: string;
      /**
       * Latency added to each direction from the start, in milliseconds.
       * @default 0
       */
      initialLatencyMs?: number;
    };
