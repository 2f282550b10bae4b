import { randomUUID } from "node:crypto";
import { freePort, memcachedServer, serverAddress, waitUntil } from "@durabledict/test-servers";
import memjs from "memjs";
import { afterAll, describe, expect, it } from "vitest";
import { MemcacheVersionCounter } from "../src/index.js";

const quiet = { log() {} };
const clients: memjs.Client[] = [];

function client(address = serverAddress("memcached")): memjs.Client {
  const made = memjs.Client.create(address, { logger: quiet, retries: 0, timeout: 1 });
  clients.push(made);
  return made;
}

afterAll(() => {
  for (const made of clients) made.close();
});

describe("MemcacheVersionCounter on a real memcached", () => {
  it("reports missing, is created once with add, and counts with incr", async () => {
    const counter = new MemcacheVersionCounter(client(), { prefix: `t-${randomUUID()}:` });
    expect(await counter.get()).toBeUndefined();
    expect(await counter.incr()).toBeUndefined();
    expect(await counter.get()).toBeUndefined();
    expect(await counter.add(41)).toBe(true);
    expect(await counter.add(7)).toBe(false);
    expect(await counter.get()).toBe(41);
    expect(await counter.incr()).toBe(42);
    expect(await counter.get()).toBe(42);
  });

  it("keeps the counter at <prefix>last_updated, readable by any memcache client", async () => {
    const prefix = `settings-${randomUUID()}`;
    const raw = client();
    const counter = new MemcacheVersionCounter(raw, { prefix });
    expect(counter.key).toBe(`${prefix}last_updated`);
    await counter.add(5);
    await counter.incr();
    expect((await raw.get(`${prefix}last_updated`)).value?.toString()).toBe("6");
  });

  it("counts every increment from concurrent clients exactly once", async () => {
    const prefix = `c-${randomUUID()}:`;
    const counters = Array.from({ length: 4 }, () => new MemcacheVersionCounter(client(), { prefix }));
    await counters[0]!.add(0);
    const results = await Promise.all(
      counters.flatMap((counter) => Array.from({ length: 25 }, () => counter.incr())),
    );
    expect(new Set(results).size).toBe(100);
    expect(await counters[1]!.get()).toBe(100);
  });

  it("reports missing after a flush, and can be rebuilt", async () => {
    const counter = new MemcacheVersionCounter(client(), { prefix: `f-${randomUUID()}:` });
    await counter.add(10);
    await counter.incr();
    await client().flush();
    expect(await counter.get()).toBeUndefined();
    expect(await counter.incr()).toBeUndefined();
    expect(await counter.add(3)).toBe(true);
    expect(await counter.incr()).toBe(4);
  });

  it("refuses a value memcache could not count from, and a key that holds no counter", async () => {
    const raw = client();
    const prefix = `bad-${randomUUID()}:`;
    const counter = new MemcacheVersionCounter(raw, { prefix });
    await expect(counter.add(-1)).rejects.toBeInstanceOf(RangeError);
    await expect(counter.add(2 ** 53)).rejects.toBeInstanceOf(RangeError);
    await expect(counter.add(1.5)).rejects.toBeInstanceOf(RangeError);
    await raw.set(counter.key, "not a number");
    await expect(counter.get()).rejects.toThrow(/not a counter/);
  });

  it("counts past 2^32 as memcached does, where memjs's own increment answers 256", async () => {
    const raw = client();
    const counter = new MemcacheVersionCounter(raw, { prefix: `w-${randomUUID()}:` });
    expect(await counter.add(2 ** 32 - 1)).toBe(true);
    expect(await counter.incr()).toBe(2 ** 32);
    expect(await counter.get()).toBe(2 ** 32);
    expect(await counter.incr()).toBe(2 ** 32 + 1);
    expect((await raw.get(counter.key)).value?.toString()).toBe(String(2 ** 32 + 1));
  });

  it("refuses to answer a rounded value past 2^53 - 1", async () => {
    const raw = client();
    const counter = new MemcacheVersionCounter(raw, { prefix: `big-${randomUUID()}:` });
    await counter.add(Number.MAX_SAFE_INTEGER - 1);
    expect(await counter.incr()).toBe(Number.MAX_SAFE_INTEGER);
    await expect(counter.incr()).rejects.toBeInstanceOf(RangeError);
    expect((await raw.get(counter.key)).value?.toString()).toBe("9007199254740992");
    await expect(counter.get()).rejects.toThrow(/not a counter below 2\^53/);
  });
});

describe("MemcacheVersionCounter across a memcached restart", () => {
  it("rejects while memcached is down, then reports the counter missing once it is back", async () => {
    const server = memcachedServer(await freePort());
    await server.process.start();
    try {
      const counter = new MemcacheVersionCounter(client(`127.0.0.1:${server.port}`), { prefix: "r:" });
      await counter.add(1);
      expect(await counter.incr()).toBe(2);
      await server.process.stop();
      await expect(counter.get()).rejects.toBeInstanceOf(Error);
      await expect(counter.incr()).rejects.toBeInstanceOf(Error);
      await server.process.start();
      await waitUntil("the client to reach the restarted memcached", () =>
        counter.get().then(
          () => true,
          () => false,
        ),
      );
      expect(await counter.get()).toBeUndefined();
      expect(await counter.incr()).toBeUndefined();
      expect(await counter.add(9)).toBe(true);
      expect(await counter.get()).toBe(9);
    } finally {
      await server.process.destroy();
    }
  });
});
