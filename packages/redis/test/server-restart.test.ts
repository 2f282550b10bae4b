import { type DurableDict, StoreUnavailableError } from "@durabledict/core";
import { freePort, keepWriting, type LocalServer, redisServer } from "@durabledict/test-servers";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedisDict, type RedisDictOptions } from "../src/index.js";
import { waitFor } from "./support/wait-for.js";

describe("a redis-server that restarts mid-run (append-only file, fsync always)", () => {
  let server: LocalServer;
  const clients: Redis[] = [];
  const dicts: DurableDict<number>[] = [];
  beforeAll(async () => {
    server = redisServer(await freePort(), { persistent: true });
    await server.process.start();
  });
  afterAll(async () => {
    for (const dict of dicts) await dict.close();
    for (const client of clients) client.disconnect();
    await server.process.destroy();
  });
  const open = async (options: RedisDictOptions = {}) => {
    const client = new Redis(server.port, "127.0.0.1");
    client.on("error", () => {}); // The restart is on purpose.
    clients.push(client);
    const dict = await openRedisDict<number>(client, "restart", {
      syncTimeout: 500,
      retryDelay: 20,
      ...options,
    });
    dicts.push(dict);
    return dict;
  };

  it("serves the last copy, rejects writes, re-syncs by itself and loses no acknowledged write", async () => {
    const writer = await open();
    const reader = await open();
    const watcher = await open({ watch: true, refreshInterval: 3_600_000 });
    const writes = keepWriting(writer, 50);
    const { acknowledged, rejected } = writes;
    await waitFor("writes before the restart", () => acknowledged.size === 50);
    await reader.sync();
    const lastCopy = reader.snapshot().get("k0");

    await server.process.stop();
    await waitFor("writes to reject", () => rejected.length > 0);
    expect(rejected.every((error) => error instanceof StoreUnavailableError)).toBe(true);
    expect(await reader.get("k0")).toBe(lastCopy);
    expect(await reader.size()).toBe(50);

    await server.process.start();
    const acksAtRestart = writes.acks;
    await waitFor("writes to be acknowledged again", () => writes.acks > acksAtRestart + 20, 15_000);
    await writes.stop();

    // The truth is the store, read by a dict opened after the writing stopped. A write in flight when the
    // server died was rejected, yet it may have run before its reply was lost, so a key may hold a later
    // write than its acknowledged one; no key may hold an earlier one (values grow per key).
    const store = new Map(await (await open()).entries());
    for (const [key, value] of acknowledged) expect(store.get(key)).toBeGreaterThanOrEqual(value);
    expect(store.size).toBe(acknowledged.size);
    await waitFor("the autosync reader to catch up on its reads", async () => {
      await reader.get("k0");
      return [...store].every(([key, value]) => reader.snapshot().get(key) === value);
    });
    // Never read: only its watch, live again after the restart, can bring the writes in.
    await waitFor("the watching dict to re-sync by itself", () =>
      [...store].every(([key, value]) => watcher.snapshot().get(key) === value),
    );
  });
});
