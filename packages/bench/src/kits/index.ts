import { datastoreMemcacheKit, datastoreOnlyKit } from "./datastore-kit.js";
import type { KitFactory } from "./kit.js";
import { memoryKit } from "./memory-kit.js";
import { postgresKit } from "./postgres-kit.js";
import { redisKit } from "./redis-kit.js";
import { sqliteKit } from "./sqlite-kit.js";
import { zookeeperKit } from "./zookeeper-kit.js";

/** Every adapter the bench knows, in the order the report lists them. */
export const allKits: readonly KitFactory[] = [
  memoryKit,
  redisKit,
  sqliteKit,
  postgresKit,
  zookeeperKit,
  datastoreOnlyKit,
  datastoreMemcacheKit,
];
