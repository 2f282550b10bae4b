import { freePort, type LocalServer, tcpExchange, zookeeperServer } from "@durabledict/test-servers";

/** Three ZooKeeper servers on loopback forming one ensemble. */
export interface Ensemble {
  servers: LocalServer[];
  /** The connection string naming all three. */
  hosts: string;
  /** The member that leads right now, asked with `srvr`. */
  leader(): Promise<LocalServer>;
  /** Stops every member still running and removes their directories. */
  destroy(): Promise<void>;
}

/** Starts a three-server ensemble (each with a client, a peer and an election port) and waits for a quorum. */
export async function startEnsemble(): Promise<Ensemble> {
  const ports: number[][] = [];
  for (let id = 1; id <= 3; id++) ports.push([await freePort(), await freePort(), await freePort()]);
  const lines = ports.map(([, peer, election], i) => `server.${i + 1}=127.0.0.1:${peer}:${election}`);
  const servers = ports.map(([client], i) =>
    zookeeperServer(client!, { ensemble: { id: i + 1, servers: lines } }),
  );
  const destroy = async () => {
    await Promise.all(servers.map((server) => server.process.destroy()));
  };
  try {
    // Each member is ready only once a quorum elected a leader, so they start together.
    await Promise.all(servers.map((server) => server.process.start()));
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    servers,
    hosts: servers.map((server) => `127.0.0.1:${server.port}`).join(","),
    async leader() {
      for (const server of servers) {
        if (server.process.pid === undefined) continue;
        const answer = await tcpExchange(server.port, "srvr", { until: "close" }).catch(() => "");
        if (/Mode: leader/.test(answer)) return server;
      }
      throw new Error("no member of the ensemble says it leads");
    },
    destroy,
  };
}
