import { type Client, createClient, type Option } from "node-zookeeper-client";

/** What node-zookeeper-client keeps of a client beyond its typings: how it was made, and its socket. */
interface Internals {
  options?: Partial<Option> & { sessionId?: unknown; sessionPassword?: unknown };
  connectionManager?: {
    connectionStringParser?: { getConnectionString(): string };
    credentials?: { scheme: string; auth: Buffer }[];
    socket?: { destroy(): void };
    connectTimeoutHandler?: NodeJS.Timeout;
    connect?(): void;
  };
}

/** The connection string `client` was made with (servers, and a chroot if any); `undefined` if unknown. */
export function connectionString(client: Client): string | undefined {
  return (client as Internals).connectionManager?.connectionStringParser?.getConnectionString();
}

/** A client made like `client` (servers, chroot, options, credentials) with a session of its own, connecting. */
export function freshClient(client: Client): Client | undefined {
  const { options, connectionManager } = client as Internals;
  const servers = connectionString(client);
  if (servers === undefined) return undefined;
  const { sessionId, sessionPassword, ...made } = options ?? {};
  const fresh = createClient(servers, made);
  for (const { scheme, auth } of connectionManager?.credentials ?? []) fresh.addAuthInfo(scheme, auth);
  fresh.connect();
  return fresh;
}

/** Drops the client's connection, as the Java client's read timeout does: the driver connects again. */
export function dropConnection(client: Client): void {
  (client as Internals).connectionManager?.socket?.destroy();
}

/**
 * Stops a client that is not connected from trying again. The driver's `close()` would queue a close request
 * and then read the server's answer to the handshake as its reply, and throw; so its reconnect is disabled
 * and the socket it is trying dropped instead. An attempt already under way may still connect.
 */
export function stopConnecting(client: Client): void {
  const manager = (client as Internals).connectionManager;
  if (manager === undefined) return;
  manager.connect = () => {};
  clearTimeout(manager.connectTimeoutHandler);
  manager.socket?.destroy();
}
