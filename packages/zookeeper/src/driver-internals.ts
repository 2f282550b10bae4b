import { type Client, createClient, type Option } from "node-zookeeper-client";

/** What node-zookeeper-client keeps of a client, beyond its typings: how it was made, and its socket. */
interface ClientInternals {
  options?: Partial<Option> & { sessionId?: unknown; sessionPassword?: unknown };
  connectionManager?: {
    connectionStringParser?: { getConnectionString(): string };
    credentials?: { scheme: string; auth: Buffer }[];
    socket?: { destroy(): void };
  };
}

/** The connection string `client` was made with (servers, and a chroot if any); `undefined` if unknown. */
export function connectionString(client: Client): string | undefined {
  return (client as ClientInternals).connectionManager?.connectionStringParser?.getConnectionString();
}

/**
 * A client made like `client` (same servers, chroot, options and credentials) with a session of its own,
 * connecting; `undefined` when `client` does not say how it was made.
 */
export function freshClient(client: Client): Client | undefined {
  const { options = {}, connectionManager } = client as ClientInternals;
  const servers = connectionString(client);
  if (servers === undefined) return undefined;
  const { sessionId, sessionPassword, ...made } = options;
  const fresh = createClient(servers, made);
  for (const { scheme, auth } of connectionManager?.credentials ?? []) fresh.addAuthInfo(scheme, auth);
  fresh.connect();
  return fresh;
}

/**
 * Drops the client's connection, as a read timeout would in the Java client: the driver connects again,
 * within the session if the server still holds it, and learns that it expired otherwise.
 */
export function dropConnection(client: Client): void {
  (client as ClientInternals).connectionManager?.socket?.destroy();
}
