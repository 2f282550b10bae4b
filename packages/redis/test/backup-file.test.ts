import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DurableDict,
  DurableDictError,
  type StatusEvent,
  StoreUnavailableError,
} from "@durabledict/core";
import { freePort, type LocalServer, redisServer, waitUntil } from "@durabledict/test-servers";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedisDict, type RedisDictOptions } from "../src/index.js";

describe("a Redis dict with a backup file, on a server that is stopped and started again", () => {
  let server: LocalServer;
  let folder: string;
  const clients: Redis[] = [];
  const dicts: DurableDict<number>[] = [];
  beforeAll(async () => {
    server = redisServer(await freePort(), { persistent: true });
    await server.process.start();
    folder = mkdtempSync(join(tmpdir(), "redis-backup-"));
  });
  afterAll(async () => {
    for (const dict of dicts) await dict.close();
    for (const client of clients) client.disconnect();
    await server.process.destroy();
    rmSync(folder, { recursive: true, force: true });
  });
  const client = () => {
    const redis = new Redis(server.port, "127.0.0.1", { lazyConnect: false });
    redis.on("error", () => {}); // The server is stopped on purpose.
    clients.push(redis);
    return redis;
  };
  const open = async (options: RedisDictOptions) => {
    const dict = await openRedisDict<number>(client(), "settings", {
      commandTimeout: 300,
      retryDelay: 20,
      ...options,
    });
    dicts.push(dict);
    return dict;
  };

  it("opens from the file while Redis is down, serves it as stale, and goes live with Redis's values once it is back", async () => {
    const backupFile = join(folder, "settings.json");
    const first = await open({ backupFile });
    await first.update({ checkout: 1, search: 2 });
    await first.close();

    await server.process.stop();
    const dict = await open({ backupFile, watch: true });
    const statuses: StatusEvent["status"][] = [];
    dict.on("status", (event) => statuses.push(event.status));
    expect(dict.status).toBe("stale");
    expect(await dict.get("checkout")).toBe(1);
    expect(dict.snapshot().get("search")).toBe(2);
    await expect(dict.set("checkout", 5)).rejects.toBeInstanceOf(StoreUnavailableError);

    await server.process.start();
    await client().hset("settings", "checkout", "10");
    await client().incr("settingslast_updated");
    await waitUntil("the dict to go live", () => dict.status === "live", { timeout: 10_000, interval: 20 });
    await waitUntil("Redis's value", () => dict.snapshot().get("checkout") === 10, { timeout: 5_000 });
    expect(statuses).toContain("live");
    await dict.set("search", 20);
    expect(await dict.get("search")).toBe(20);
  });

  it("refuses a truncated backup file: the open rejects and nothing is half-loaded", async () => {
    const backupFile = join(folder, "truncated.json");
    const first = await open({ backupFile });
    await first.set("k", 1);
    await first.close();
    const whole = readFileSync(backupFile, "utf8");
    writeFileSync(backupFile, whole.slice(0, Math.floor(whole.length / 2)));
    await server.process.stop();
    try {
      const refused = await open({ backupFile }).catch((error: unknown) => error);
      expect(DurableDictError.isInstance(refused)).toBe(true);
      expect((refused as Error).message).toContain("refused");
    } finally {
      await server.process.start();
    }
  });
});
