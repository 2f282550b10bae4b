import type { Cluster, ClusterNode, Redis } from "ioredis";
import type { RedisClient } from "./redis-client.js";

/**
 * The nodes a Cluster client was made with: the addresses its user gave, reachable from this process (those
 * nodes announce may need `natMap`). ioredis keeps them in a private field, read here alone.
 */
export function clusterSeeds(cluster: Cluster): ClusterNode[] {
  return (cluster as unknown as { startupNodes: ClusterNode[] }).startupNodes;
}

/**
 * Where `client` keeps `hash`, as a string that two clients of this process share when they reach the same
 * data: the server (address, socket path or Sentinel group; a Cluster's seed nodes), database, key prefix.
 */
export function redisScope(client: RedisClient, hash: string): string {
  if (client.isCluster) {
    return JSON.stringify(["cluster", clusterSeeds(client as Cluster), client.options.keyPrefix, hash]);
  }
  const { host, port, path, sentinels, name, db, keyPrefix } = (client as Redis).options;
  const server = sentinels ? { sentinels, name } : (path ?? `${host}:${port}`);
  return JSON.stringify(["redis", server, db, keyPrefix, hash]);
}
