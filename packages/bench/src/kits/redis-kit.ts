import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import { Redis } from "ioredis";
import type { Servers } from "../servers.js";
import type { KitFactory } from "./kit.js";
import { loadAdapter, memoize } from "./load-adapter.js";
import { redisFloorWrite } from "./redis-floor.js";

/** The Redis adapter as DESIGN.md fixes it; `watch` is both a store and a dict option there. */
interface RedisApi {
  openRedisDict<V>(redis: Redis, keyspace: string, options: DurableDictOptions): Promise<DurableDict<V>>;
  RedisStore: new (redis: Redis, keyspace: string, options?: { watch?: boolean }) => DurableStore;
}

const load = memoize(() => loadAdapter<RedisApi>("@durabledict/redis", ["openRedisDict", "RedisStore"]));

function portOf(servers: Servers): number {
  if (servers.redis === undefined) throw new Error("redis is not running");
  return servers.redis;
}

/**
 * Redis: every dict gets its own ioredis client, as every process has one. The raw operations are a
 * `GET` of the dict's version counter, an `HSET` into a hash beside the dict's, and the minimal script
 * that is the floor of an atomic write with a version.
 */
export const redisKit: KitFactory = {
  adapter: "redis",
  needs: ["redis"],
  shared: true,
  targets: { strictRead: 0.9, write: 0.75, floor: 0.85 },
  async unavailable() {
    const loaded = await load();
    return "why" in loaded ? loaded.why : undefined;
  },
  async create(servers, namespace) {
    const loaded = await load();
    if ("why" in loaded) throw new Error(loaded.why);
    const { openRedisDict, RedisStore } = loaded.module;
    const port = portOf(servers);
    const clients: Redis[] = [];
    const client = () => {
      const redis = new Redis(port, "127.0.0.1", { maxRetriesPerRequest: 1 });
      clients.push(redis);
      return redis;
    };
    const stores: DurableStore[] = [];
    const admin = client();
    const floorWrite = await redisFloorWrite(admin, namespace);
    return {
      adapter: "redis",
      namespace,
      watches: true,
      openDict: (options) => openRedisDict(client(), namespace, options ?? {}),
      async openStore() {
        const store = new RedisStore(client(), namespace);
        stores.push(store);
        return store;
      },
      rawRead: { name: "ioredis GET", run: () => admin.get(`${namespace}last_updated`) },
      rawWrite: { name: "ioredis HSET", run: (key, payload) => admin.hset(`${namespace}:raw`, key, payload) },
      floorWrite,
      async drop() {
        const keys = await admin.keys(`${namespace}*`);
        if (keys.length > 0) await admin.del(...keys);
      },
      async close() {
        for (const store of stores.splice(0)) await store.close?.();
        await Promise.all(clients.splice(0).map((redis) => redis.quit().catch(() => redis.disconnect())));
      },
    };
  },
};
