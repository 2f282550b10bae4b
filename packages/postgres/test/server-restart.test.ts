import { randomUUID } from "node:crypto";
import { type DurableDict, StoreUnavailableError } from "@durabledict/core";
import {
  freePort,
  keepWriting,
  type LocalServer,
  postgresServer,
  waitUntil,
} from "@durabledict/test-servers";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresDict, type PostgresDictOptions } from "../src/index.js";

describe("a PostgreSQL server that restarts mid-run", () => {
  let server: LocalServer;
  const pools: pg.Pool[] = [];
  const dicts: DurableDict<number>[] = [];
  const table = `restart_${randomUUID().replaceAll("-", "")}`;
  beforeAll(async () => {
    server = postgresServer(await freePort());
    await server.process.start();
  });
  afterAll(async () => {
    for (const dict of dicts) await dict.close();
    for (const pool of pools) await pool.end();
    await server.process.destroy();
  });
  const open = async (options: Omit<PostgresDictOptions, "table"> = {}) => {
    const pool = new pg.Pool({
      connectionString: `postgres://postgres@127.0.0.1:${server.port}/postgres`,
      max: 2,
    });
    pool.on("error", () => {}); // The restart is on purpose.
    pools.push(pool);
    const dict = await openPostgresDict<number>(pool, {
      table,
      syncTimeout: 500,
      retryDelay: 20,
      ...options,
    });
    dicts.push(dict);
    return dict;
  };

  it("serves the last copy, rejects writes, re-syncs by itself and loses no acknowledged write", async () => {
    const writer = await open({ watch: false });
    const reader = await open({ watch: false });
    const watcher = await open();
    const writes = keepWriting(writer, 50);
    const { acknowledged, rejected } = writes;
    await waitUntil("writes before the restart", () => acknowledged.size === 50);
    await reader.sync();
    const lastCopy = reader.snapshot().get("k0");

    await server.process.stop();
    // Once the server is gone no connection can be made: such a write never left, and says so.
    await waitUntil("a write to reject as not applied", () =>
      rejected.some((error) => (error as StoreUnavailableError).applied === "no"),
    );
    expect(rejected.every((error) => error instanceof StoreUnavailableError)).toBe(true);
    expect(await reader.get("k0")).toBe(lastCopy);
    expect(await reader.size()).toBe(50);
    await waitUntil("the watching dict to report itself stale", () => watcher.status === "stale");

    await server.process.start();
    const acksAtRestart = writes.acks;
    await waitUntil("writes to be acknowledged again", () => writes.acks > acksAtRestart + 20, {
      timeout: 30_000,
    });
    await writes.stop();

    // The truth is the table, read by a dict opened after the writing stopped. A write whose reply was lost
    // to the restart may have landed, so a key may hold a later write than its acknowledged one; no key may
    // hold an earlier one (values grow per key).
    const store = new Map(await (await open({ watch: false })).entries());
    for (const [key, value] of acknowledged) expect(store.get(key)).toBeGreaterThanOrEqual(value);
    expect(store.size).toBe(acknowledged.size);
    await waitUntil("the autosync reader to catch up on its reads", async () => {
      await reader.get("k0");
      return [...store].every(([key, value]) => reader.snapshot().get(key) === value);
    });
    // Never read: only its watch, live again after the restart, can bring the writes in.
    await waitUntil("the watching dict to re-sync by itself", () =>
      [...store].every(([key, value]) => watcher.snapshot().get(key) === value),
    );
    expect(watcher.status).toBe("live");
  });
});
