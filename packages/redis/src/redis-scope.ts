import type { Cluster, ClusterNode, Redis } from "ioredis";
import type { RedisClient } from "./redis-client.js";

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
