import type { Cluster, Redis } from "ioredis";

/** A client the user built: a single-node `Redis` (standalone or via Sentinel) or a `Cluster`. */
export type RedisClient = Redis | Cluster;
