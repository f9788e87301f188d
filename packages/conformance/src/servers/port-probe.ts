import { connect } from "node:net";

/** True when nothing accepts connections on host:port any more. */
export function portIsClosed(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (closed: boolean) => {
      socket.destroy();
      resolve(closed);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(false));
    socket.once("error", () => finish(true));
  });
}
