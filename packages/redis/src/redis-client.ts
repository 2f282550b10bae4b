import { SharedPerClient } from "@durabledict/core/adapter";
import type { Cluster, Redis } from "ioredis";

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
