import { randomUUID } from "node:crypto";
import { DurableDict, type DurableDictError } from "@durabledict/core";
import { type ConformanceTarget, countingStore, runConformance } from "@durabledict/test-suite";
import { type Cluster, Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { openRedisDict, RedisStore, redisKeys } from "../src/index.js";
import { type LocalCluster, startCluster } from "./support/redis-cluster.js";
import { settle } from "./support/settle.js";
import { waitFor } from "./support/wait-for.js";

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
        await admin.del(keys.hash, keys.counter, keys.log, keys.logged, keys.floor);
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
        [keys.hash, keys.counter, keys.log, keys.logged, keys.floor, keys.channel].map((key) =>
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

describe("a watch on a cluster", () => {
  it("stops vouching for the copy when its connection drops, and sees a write made once it is back", async () => {
    const keyspace = `cluster-watch-${randomUUID()}`;
    const client = cluster.client();
    client.on("error", () => {}); // The cut is on purpose.
    const writerClient = cluster.client();
    const counting = countingStore(new RedisStore(client, keyspace, { hashTag: true, watch: true }));
    const dict = await DurableDict.open<string>(counting.store, {
      refreshInterval: 3_600_000,
      syncTimeout: 500,
      retryDelay: 20,
    });
    const errors: DurableDictError[] = [];
    dict.on("error", (error) => errors.push(error));
    try {
      await waitFor("the watch to vouch for the copy", async () => {
        const before = counting.calls.lastUpdated ?? 0;
        await dict.get("k");
        return counting.calls.lastUpdated === before;
      });
      cluster.cut();
      try {
        await waitFor("reads to report the cluster unreachable", async () => {
          await dict.get("k");
          return errors.length > 0;
        });
      } finally {
        cluster.restore();
      }
      const writer = await openRedisDict<string>(writerClient, keyspace, { hashTag: true });
      await writer.set("k", "after");
      await writer.close();
      await waitFor("the dict to see the write", async () => (await dict.get("k")) === "after");
    } finally {
      await dict.close();
      await counting.store.close?.();
      const keys = redisKeys(keyspace, true);
      await writerClient.del(keys.hash, keys.counter, keys.log, keys.logged, keys.floor);
      client.disconnect();
      writerClient.disconnect();
    }
  });
});

describe("a write on a cluster whose reply is lost while the connection resets", () => {
  it("pop answers the value it removed, or says it may have been applied; never the fallback", async () => {
    const keyspace = `cluster-lost-${randomUUID()}`;
    const keys = redisKeys(keyspace, true);
    const client = cluster.client();
    client.on("error", () => {}); // The reset is on purpose.
    const dict = await openRedisDict<string>(client, keyspace, { hashTag: true, commandTimeout: 2000 });
    // The node that owns the dict's slot, read directly (past its proxy, which holds replies back).
    const slot = Number(await client.cluster("KEYSLOT", keys.hash));
    const ranges = await client.cluster("SLOTS");
    const port = ranges.find(([from, to]) => from <= slot && slot <= to)![2]![1];
    const owner = cluster.nodes.findIndex((node) => node.port === port);
    const direct = new Redis(port, "127.0.0.1");
    try {
      await dict.pop("k", "fallback"); // The node learns the script: an EVALSHA answered NOSCRIPT runs nothing.
      await dict.set("k", "value");
      const before = Number(await direct.get(keys.counter));
      cluster.proxies[owner]!.holdReplies();
      const outcome = settle(dict.pop("k", "fallback"));
      await waitFor("the node to run the pop", async () => (await direct.hexists(keys.hash, "k")) === 0);
      cluster.proxies[owner]!.cut();
      cluster.proxies[owner]!.restore();
      const settled = await outcome;
      if ("answer" in settled) expect(settled.answer).toBe("value");
      else expect(settled.applied).toBe("unknown");
      expect(Number(await direct.get(keys.counter))).toBe(before + 1);
    } finally {
      await dict.close();
      await direct.del(keys.hash, keys.counter, keys.log, keys.logged, keys.floor);
      direct.disconnect();
      client.disconnect();
    }
  });
});
