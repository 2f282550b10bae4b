import type { TcpProxy } from "@durabledict/test-servers";
import type { Client } from "node-zookeeper-client";
import { connected, newClient } from "./zk-clients.js";

/**
 * Expires the session of `client` (connected through `proxy`) as a server does after a partition: with the
 * network cut, a second client attaches to the session with its id and password and closes it; once the
 * network is back, `client` finds its session expired.
 */
export async function expireSession(client: Client, proxy: TcpProxy, hosts: string): Promise<void> {
  const expired = new Promise<void>((resolve) => client.once("expired", resolve));
  proxy.cut();
  const thief = newClient(hosts, {
    sessionId: client.getSessionId(),
    sessionPassword: client.getSessionPassword(),
  });
  await connected(thief);
  const closed = new Promise<void>((resolve) => thief.once("disconnected", resolve));
  thief.close();
  await closed;
  proxy.restore();
  await expired;
}
