import type { Cluster, Redis } from "ioredis";

/** A node connection that may still carry traffic: its replies, or its silence, count. */
function isOpen(node: Redis): boolean {
  return node.status === "ready" || node.status === "connect";
}

/**
 * Replaces the node connections of a Cluster client that went silent. ioredis's Cluster
 * replaces a node's connection only when it closes: a connection that stays open but gets no
 * replies (a half-open TCP connection after a network fault, a node that stopped answering)
 * keeps every call for that node's slots waiting, and the cluster itself cannot tell, since
 * the node answers its peers and `CLUSTER SLOTS` still names it.
 *
 * A call past its deadline does not say which node it waited on, so every open node
 * connection gets a PING; one that gets no answer within the probe timeout (and is still the
 * node's connection) is disconnected. The Cluster then drops it from its pool and opens a
 * fresh one to the node on the next command for its slots (the MOVED reply of another node
 * leads there), and retries the commands that waited on it. A node busy with a script answers
 * the PING when the script ends (or with BUSY): only a node silent for the whole probe timeout
 * as well as the call's deadline loses its connection, as with a standalone client of yours.
 */
export class ClusterNodeSupervisor {
  readonly #client: Cluster;
  #probing = false;

  constructor(client: Cluster) {
    this.#client = client;
  }

  /** A call ran past its deadline: probes the node connections; never waits. */
  abandon(probeTimeoutMs: number): void {
    if (this.#probing) return;
    const nodes = this.#client.nodes("all").filter(isOpen);
    if (nodes.length === 0) return;
    this.#probing = true;
    Promise.all(nodes.map((node) => replaceIfSilent(node, probeTimeoutMs))).finally(() => {
      this.#probing = false;
    });
  }
}

async function replaceIfSilent(node: Redis, probeTimeoutMs: number): Promise<void> {
  const connection = node.stream;
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<"silent">((resolve) => {
    timer = setTimeout(() => resolve("silent"), probeTimeoutMs);
  });
  try {
    // Any reply, an error too, shows the connection carries traffic.
    const answered = node.ping().then(
      () => "answered" as const,
      () => "answered" as const,
    );
    const outcome = await Promise.race([answered, silent]);
    if (outcome === "silent" && node.stream === connection && isOpen(node)) {
      // With the Cluster's default node retry strategy (none) this ends the connection and
      // the Cluster opens a new one on demand; with `clusterNodeRetryStrategy` it reconnects.
      node.disconnect(true);
    }
  } finally {
    clearTimeout(timer);
  }
}
