import { connect } from "node:net";

/**
 * True when a Redis server at host:port answers PING with PONG. A raw socket instead of a
 * client library: no reconnect logic, no error events to swallow, one round trip.
 * A server still loading its AOF answers `-LOADING`, which counts as not ready; one that wants
 * a password answers `-NOAUTH`, which counts as ready (it is up, and serves who logs in).
 */
export function redisAnswersPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = "";
    const finish = (ready: boolean) => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
    socket.once("close", () => finish(false));
  });
}
