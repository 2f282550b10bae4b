import { randomUUID } from "node:crypto";
import { serverAddress, startTcpProxy } from "@durabledict/test-servers";
import type { ConformanceTarget } from "@durabledict/test-suite";
import { Redis } from "ioredis";
import { RedisStore, type RedisStoreOptions } from "../../src/index.js";

/** The port of the Redis server the global setup started. */
export function redisPort(): number {
  return Number(new URL(serverAddress("redis")).port);
}

/**
 * A conformance target on the shared test server: each fixture is a fresh keyspace, each opened store gets
 * its own client through a TCP proxy (as another process would), and an outage cuts that proxy.
 */
export function redisTarget(name: string, options: RedisStoreOptions): ConformanceTarget {
  return {
    name: "redis",
    invalidKeys: [],
    async setup() {
      const keyspace = `conformance-${name}-${randomUUID()}`;
      const admin = new Redis(redisPort(), "127.0.0.1");
      const proxy = await startTcpProxy(redisPort());
      const clients: Redis[] = [];
      return {
        openStore: async () => {
          const client = new Redis(proxy.port, "127.0.0.1");
          client.on("error", () => {}); // Outage checks cut the network on purpose.
          clients.push(client);
          return new RedisStore(client, keyspace, options);
        },
        rawGet: async (key) => (await admin.hget(keyspace, key)) ?? undefined,
        resetVersion: async () => {
          await admin.del(`${keyspace}last_updated`);
        },
        outage: { begin: async () => proxy.cut(), end: async () => proxy.restore() },
        teardown: async () => {
          for (const client of clients) client.disconnect();
          await proxy.close();
          const store = new RedisStore(admin, keyspace);
          await admin.del(
            store.keys.hash,
            store.keys.counter,
            store.keys.log,
            store.keys.logged,
            store.keys.floor,
          );
          admin.disconnect();
        },
      };
    },
  };
}
