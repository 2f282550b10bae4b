import {
  datastoreEmulator,
  freePort,
  type LocalServer,
  memcachedServer,
  postgresServer,
  redisServer,
  zookeeperServer,
} from "@durabledict/test-servers";
import { cleanup } from "./cleanup.js";
import { descendants, stopPids } from "./process-tree.js";

/** The servers this run needs, started the way the tests start them. */
export type ServerKind = "redis" | "memcached" | "zookeeper" | "datastore" | "postgres";

/** Ports of the servers that are up, by kind; a kind that failed to start is missing. */
export type Servers = Partial<Record<ServerKind, number>>;

const launchers: Record<ServerKind, (port: number) => LocalServer> = {
  redis: (port) => redisServer(port),
  memcached: memcachedServer,
  zookeeper: (port) => zookeeperServer(port),
  datastore: datastoreEmulator,
  postgres: postgresServer,
};

/**
 * Starts the servers concurrently on free loopback ports. Each is destroyed (stopped by pid, with any
 * process it started, its working directory removed) by the run's cleanup. A server that fails to start is reported and left out.
 */
export async function startServers(kinds: readonly ServerKind[]): Promise<Servers> {
  const servers: Servers = {};
  await Promise.all(
    kinds.map(async (kind) => {
      const server = launchers[kind](await freePort());
      cleanup.defer(`stop ${kind}`, async () => {
        const pid = server.process.pid;
        const below = pid === undefined ? [] : descendants(pid);
        await server.process.destroy();
        await stopPids(below);
      });
      try {
        await server.process.start();
        servers[kind] = server.port;
      } catch (error) {
        console.error(`${kind} did not start; its rows are left out:`, error);
      }
    }),
  );
  return servers;
}
