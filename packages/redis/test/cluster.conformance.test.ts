import { randomUUID } from "node:crypto";
import { type ConformanceTarget, runConformance } from "@durabledict/test-suite";
import type { Cluster } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisStore, redisKeys } from "../src/index.js";
import { type LocalCluster, startCluster } from "./support/redis-cluster.js";

// Started while the file is collected: the conformance suite opens a store then to read its capabilities.
const cluster: LocalCluster = await startCluster();
afterAll(async () => {
  await cluster.destroy();
});

/** Every check against a real three-node cluster, each dict's keys in one slot by the `{keyspace}` hash tag. */
const clusterTarget: ConformanceTarget = {
  name: "redis",
  invalidKeys: [],
  async setup() {
    const keyspace = `cluster-${randomUUID()}`;
    const keys = redisKeys(keyspace, true);
    const admin = cluster.client();
    const clients: Cluster[] = [admin];
    return {
      openStore: async () => {
        const client = cluster.client();
        client.on("error", () => {}); // Outage checks cut the network on purpose.
        clients.push(client);
        return new RedisStore(client, keyspace, { hashTag: true, watch: true });
      },
      rawGet: async (key) => (await admin.hget(keys.hash, key)) ?? undefined,
      resetVersion: async () => {
        await admin.del(keys.counter);
      },
      outage: { begin: async () => cluster.cut(), end: async () => cluster.restore() },
      teardown: async () => {
        await admin.del(keys.hash, keys.counter, keys.log, keys.meta);
        for (const client of clients) client.disconnect();
      },
    };
  },
};

describe("Redis Cluster (three masters on loopback)", () => {
  runConformance({ describe, it, expect }, clusterTarget);
});

describe("the hashTag option on a cluster", () => {
  it("puts every key of the dict in one slot, on a cluster whose slots span three nodes", async () => {
    const client = cluster.client();
    try {
      const keys = redisKeys("settings", true);
      const store = new RedisStore(client, "settings", { hashTag: true });
      expect(store.keys).toEqual(keys);
      const slots = await Promise.all(
        [keys.hash, keys.counter, keys.log, keys.meta, keys.channel].map((key) =>
          client.cluster("KEYSLOT", key),
        ),
      );
      expect(new Set(slots).size).toBe(1);
      const shards = (await client.cluster("SLOTS")) as unknown[];
      expect(shards).toHaveLength(3);
    } finally {
      client.disconnect();
    }
  });

  it("is required: a keyspace spread over several slots is refused when the store is made", () => {
    const client = cluster.client();
    try {
      expect(() => new RedisStore(client, "settings")).toThrow(/hashTag: true/);
      expect(() => new RedisStore(client, "{settings}")).not.toThrow();
    } finally {
      client.disconnect();
    }
  });
});
