import { connect, createServer, type Socket } from "node:net";

/** A loopback TCP proxy in front of a server, to cut the network under a client without stopping the server. */
export interface TcpProxy {
  readonly port: number;
  /** Destroys every open connection and refuses new ones, as a network outage would. */
  cut(): void;
  /**
   * Stops forwarding in both directions without closing anything, as a network that silently drops every
   * packet would: open connections stay open and carry nothing, new ones are accepted and held. Until
   * `restore()`, which forwards what was held back.
   */
  stall(): void;
  /** Accepts connections again; after `stall()`, forwards again. */
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free 127.0.0.1 port forwarding to 127.0.0.1:`targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let isCut = false;
  /** While stalled: the connections accepted meanwhile, not yet forwarded. */
  let held: Socket[] | undefined;
  /** Each forwarded connection's client socket and its upstream. */
  const links = new Map<Socket, Socket>();
  const server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    if (held) {
      sockets.add(client);
      client.on("close", () => sockets.delete(client));
      client.on("error", () => client.destroy());
      held.push(client);
      return;
    }
    forward(client);
  });
  const forward = (client: Socket) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    links.set(client, upstream);
    client.on("close", () => links.delete(client));
    client.pipe(upstream).pipe(client);
  };
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
      destroyAll();
    },
    stall() {
      held ??= [];
      for (const [client, upstream] of links) {
        for (const socket of [client, upstream]) {
          socket.unpipe();
          socket.pause();
        }
      }
    },
    restore() {
      isCut = false;
      if (held === undefined) return;
      for (const [client, upstream] of links) client.pipe(upstream).pipe(client);
      for (const client of held.splice(0)) if (!client.destroyed) forward(client);
      held = undefined;
    },
    close: () =>
      new Promise((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
