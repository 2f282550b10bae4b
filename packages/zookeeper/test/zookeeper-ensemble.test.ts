import type { DurableDict } from "@durabledict/core";
import { waitUntil } from "@durabledict/test-servers";
import type { Client } from "node-zookeeper-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openZookeeperDict } from "../src/index.js";
import { type Ensemble, startEnsemble } from "./support/ensemble.js";
import { closeClient, newClient, uniquePath } from "./support/zk-clients.js";

let ensemble: Ensemble;

beforeAll(async () => {
  ensemble = await startEnsemble();
});

afterAll(async () => {
  await ensemble?.destroy();
});

describe("a three-server ensemble", () => {
  it("keeps the dict reading and writing through the survivors when the leader stops", {
    timeout: 150_000,
  }, async () => {
    const root = uniquePath("ensemble");
    const clients: Client[] = [];
    // Renewed clients belong to the store, which closes them.
    const renew = () => newClient(ensemble.hosts);
    const dicts: DurableDict<number>[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const first = newClient(ensemble.hosts);
        clients.push(first);
        dicts.push(await openZookeeperDict<number>(first, root, { renewSession: renew, syncTimeout: 500 }));
      }
      const [a, b] = dicts as [DurableDict<number>, DurableDict<number>];
      for (let i = 0; i < 10; i++) await a.set(`k${i}`, i);
      // The two clients may sit on different servers, and a follower may not have applied the leader's
      // commit yet when b reads: ZooKeeper orders reads per session, not across them. b's watch brings it.
      await waitUntil("the other dict to see the writes", async () => (await b.get("k9")) === 9);

      const leader = await ensemble.leader();
      await leader.process.stop();

      // Usually a second. A client whose connection to the old leader hangs (the driver has no read
      // timeout) recovers only once its 10 s session timeout has passed and it renews, so allow for that.
      const failover = { timeout: 45_000 };
      await waitUntil(
        "a write to succeed through the survivors",
        () =>
          a.set("after", 1).then(
            () => true,
            () => false,
          ),
        failover,
      );
      await waitUntil("the other dict to see it", async () => (await b.get("after")) === 1, failover);
      await b.set("k0", 100);
      await waitUntil(
        "the first dict to see the other's write",
        async () => (await a.get("k0")) === 100,
        failover,
      );
      for (const dict of [a, b]) expect(await dict.get("k9")).toBe(9);
      expect(await a.size()).toBe(11);
      expect(await ensemble.leader()).not.toBe(leader);
    } finally {
      for (const dict of dicts) await dict.close();
      await Promise.all(clients.map((client) => closeClient(client, 500)));
    }
  });
});
