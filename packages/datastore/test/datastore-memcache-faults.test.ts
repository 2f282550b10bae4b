import type { DurableDict } from "@durabledict/core";
import { MemcacheVersionCounter } from "@durabledict/memcache";
import { freePort, memcachedServer, waitUntil } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { DatastoreStore, openDatastoreDict } from "../src/index.js";
import { closedAfterEach } from "./closed-after-each.js";
import { uniqueNamespace } from "./emulator.js";

const kind = "Setting";
const entityCheckInterval = 1000;
const versionPath = ["DatastoreDictAncestorModel", "ancestor-Setting", "DurableDictVersion", kind];
const { datastore, memcache, dict: closedLater } = closedAfterEach();

function counter(prefix: string, address?: string): MemcacheVersionCounter {
  return new MemcacheVersionCounter(memcache(address), { prefix });
}

/** A dict with a memcache counter, on clients of its own, as another process would open it. */
async function open<V>(namespace: string, address?: string): Promise<DurableDict<V>> {
  const dict = await openDatastoreDict<V>(datastore(), {
    kind,
    namespace,
    versionCounter: counter(`${namespace}:`, address),
    entityCheckInterval,
  });
  return closedLater(dict);
}

async function entityCounter(namespace: string): Promise<number> {
  const client = datastore();
  const [entity] = await client.get(client.key({ namespace, path: versionPath }));
  return Number((entity as { counter: number }).counter);
}

/** Polls `read` until it yields `expected`; resolves to the milliseconds that took. */
async function msUntil(read: () => Promise<unknown>, expected: unknown, limit: number): Promise<number> {
  const started = Date.now();
  await waitUntil(`a read of ${JSON.stringify(expected)}`, async () => (await read()) === expected, {
    timeout: limit,
    interval: 20,
  });
  return Date.now() - started;
}

describe("a memcache counter that lags, goes backwards or vanishes", () => {
  it("a writer that dies between its commit and its increment delays readers by at most entityCheckInterval", async () => {
    const namespace = uniqueNamespace();
    const writer = await open<number>(namespace);
    const reader = await open<number>(namespace);
    await writer.set("k", 1);
    expect(await reader.get("k")).toBe(1);
    const cache = counter(`${namespace}:`);
    const before = await cache.get();

    // A store without the counter commits exactly as a writer that died before its increment would.
    await new DatastoreStore(datastore(), { kind, namespace }).persist("k", "2");
    expect(await cache.get()).toBe(before);
    const lag = await msUntil(() => reader.get("k"), 2, 10_000);
    expect(lag).toBeLessThanOrEqual(entityCheckInterval + 1000);
  });

  it("a counter rebuilt backwards onto a value a reader saw is caught by the same bound", async () => {
    const namespace = uniqueNamespace();
    const writer = await open<string>(namespace);
    const reader = await open<string>(namespace);
    for (const value of ["a", "b", "c"]) await writer.set("k", value);
    expect(await reader.get("k")).toBe("c");
    const cache = counter(`${namespace}:`);
    const seen = await cache.get();

    // Lost, then rebuilt from a stale read one below: the next write lands on the value the reader holds.
    await memcache().delete(cache.key);
    await cache.add(seen! - 1);
    await writer.set("k", "d");
    expect(await cache.get()).toBe(seen);
    const lag = await msUntil(() => reader.get("k"), "d", 10_000);
    expect(lag).toBeLessThanOrEqual(entityCheckInterval + 1000);
  });

  it("a flush mid-run: the counter is rebuilt from the version entity and readers see every write at once", async () => {
    const namespace = uniqueNamespace();
    const writer = await open<number>(namespace);
    const reader = await open<number>(namespace);
    const flusher = memcache();
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 2) await flusher.flush();
      await writer.set("n", i);
      expect(await reader.get("n")).toBe(i);
    }
    expect(await counter(`${namespace}:`).get()).toBe(await entityCounter(namespace));
  });

  it("a restarted memcached: writes go on, readers use the version entity meanwhile, then the rebuilt counter", async () => {
    const server = memcachedServer(await freePort());
    await server.process.start();
    try {
      const address = `127.0.0.1:${server.port}`;
      const namespace = uniqueNamespace();
      const writer = await open<number>(namespace, address);
      const reader = await open<number>(namespace, address);
      await writer.set("a", 1);
      expect(await reader.get("a")).toBe(1);

      await server.process.stop();
      await writer.set("a", 2);
      expect(await reader.get("a")).toBe(2);

      await server.process.start();
      const cache = counter(`${namespace}:`, address);
      await waitUntil("the counter to be rebuilt", async () => {
        await reader.get("a");
        return (await cache.get()) !== undefined;
      });
      expect(await cache.get()).toBe(await entityCounter(namespace));
      await waitUntil("writes to move the counter again", async () => {
        const seen = await cache.get();
        await writer.set("a", 3);
        return (await cache.get()) !== seen;
      });
      expect(await reader.get("a")).toBe(3);
      await writer.set("a", 4);
      expect(await reader.get("a")).toBe(4);
    } finally {
      await server.process.destroy();
    }
  });
});
