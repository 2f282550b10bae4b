import { SharedPerClient } from "@durabledict/core/adapter";
import type { Cluster, ClusterNode, Redis } from "ioredis";

/** A client the user built: a single-node `Redis` (standalone or via Sentinel) or a `Cluster`. */
export type RedisClient = Redis | Cluster;

/** One `T` per user client, shared by the stores on it: closed with the last of them, or when the client ends. */
export function perRedisClient<T extends { close(): void }>(make: (client: RedisClient) => T) {
  return new SharedPerClient<RedisClient, T>({
    make,
    hasEnded: (client) => client.status === "end",
    onEnd: (client, ended) => {
      client.once("end", ended);
      return () => void client.off("end", ended);
    },
  });
}

/** The nodes a Cluster was made with: reachable from here, unlike what nodes announce. A private field. */
export function clusterSeeds(cluster: Cluster): ClusterNode[] {
  return (cluster as unknown as { startupNodes: ClusterNode[] }).startupNodes;
}

/** Where `client` keeps `hash`: server (address, socket, Sentinel group, Cluster seeds), database, prefix. */
export function redisScope(client: RedisClient, hash: string): string {
  if (client.isCluster) {
    return JSON.stringify(["cluster", clusterSeeds(client as Cluster), client.options.keyPrefix, hash]);
  }
  const { host, port, path, sentinels, name, db, keyPrefix } = (client as Redis).options;
  const server = sentinels ? { sentinels, name } : (path ?? `${host}:${port}`);
  return JSON.stringify(["redis", server, db, keyPrefix, hash]);
}
