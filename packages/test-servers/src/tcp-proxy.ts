import { connect, createServer, type Socket } from "node:net";

/** A loopback TCP proxy in front of a server, to cut the network under a client without stopping the server. */
export interface TcpProxy {
  readonly port: number;
  /** Destroys every open connection and refuses new ones, as a network outage would. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /**
   * Holds back every reply, on open connections and new ones, while requests still reach the server, until
   * `cut()` drops the held replies with the connections: a reply lost while the connection resets.
   */
  holdReplies(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free 127.0.0.1 port forwarding to 127.0.0.1:`targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let isCut = false;
  let holding = false;
  const upstreams = new Set<Socket>();
  const server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    if (!holding) upstream.pipe(client);
    upstreams.add(upstream);
    upstream.on("close", () => upstreams.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy has no address");
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: address.port,
    cut() {
      isCut = true;
      holding = false;
      destroyAll();
    },
    restore() {
      isCut = false;
    },
    holdReplies() {
      holding = true;
      // Unpiped, a socket pauses: replies wait in its buffer, then in the kernel's, until the cut drops them.
      for (const upstream of upstreams) upstream.unpipe();
    },
    close: () =>
      new Promise((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
