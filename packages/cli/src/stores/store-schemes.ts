import { datastoreScheme } from "./datastore-url.js";
import { postgresScheme } from "./postgres-url.js";
import { redisScheme } from "./redis-url.js";
import { sqliteScheme } from "./sqlite-url.js";
import type { StoreScheme } from "./store-scheme.js";
import { zookeeperScheme } from "./zookeeper-url.js";

/**
 * Which adapter opens which URL, by scheme (with its colon). A new adapter is one file like `redis-url.ts`
 * and one line here.
 */
export const storeSchemes: Readonly<Record<string, StoreScheme>> = {
  "sqlite:": sqliteScheme,
  "redis:": redisScheme,
  "rediss:": redisScheme,
  "zookeeper:": zookeeperScheme,
  "datastore:": datastoreScheme,
  "postgres:": postgresScheme,
  "postgresql:": postgresScheme,
};
