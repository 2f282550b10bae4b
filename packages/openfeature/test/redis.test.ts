import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { DurableDict } from "@durabledict/core";
import { openRedisDict, type RedisDictOptions, redisKeys } from "@durabledict/redis";
import { freePort, type LocalServer, redisServer, serverAddress } from "@durabledict/test-servers";
import {
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
  StandardResolutionReasons,
} from "@openfeature/server-sdk";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DurableDictProvider } from "../src/index.js";
import { nextEvent } from "./support/next-event.js";
import { runProcess } from "./support/run-process.js";

const setFlag = fileURLToPath(new URL("./fixtures/set-flag.mjs", import.meta.url));

describe("a provider over a Redis dict", () => {
  const clients: Redis[] = [];
  const dicts: DurableDict[] = [];
  const client = (port: number) => {
    const redis = new Redis(port, "127.0.0.1");
    redis.on("error", () => {}); // Servers are stopped on purpose below.
    clients.push(redis);
    return redis;
  };
  const open = async (port: number, keyspace: string, options: RedisDictOptions) => {
    const dict = await openRedisDict(client(port), keyspace, options);
    dicts.push(dict);
    await OpenFeature.setProviderAndWait(new DurableDictProvider(dict));
    return { dict, client: OpenFeature.getClient() };
  };
  afterEach(async () => {
    await OpenFeature.clearProviders();
    OpenFeature.clearHandlers();
    for (const dict of dicts.splice(0)) await dict.close();
  });
  afterAll(() => {
    for (const redis of clients) redis.disconnect();
  });

  describe("on the shared test server", () => {
    const port = () => Number(new URL(serverAddress("redis")).port);
    const keyspaces: string[] = [];
    afterAll(async () => {
      const admin = client(port());
      for (const keyspace of keyspaces) {
        const keys = redisKeys(keyspace);
        await admin.del(keys.hash, keys.counter, keys.log, keys.meta);
      }
    });

    for (const watch of [true, false]) {
      it(`hears a change made by another process as CONFIGURATION_CHANGED (${watch ? "watching" : "checking the version per evaluation"})`, async () => {
        const keyspace = `openfeature-${randomUUID()}`;
        keyspaces.push(keyspace);
        const { dict, client: flags } = await open(port(), keyspace, { watch, refreshInterval: 3_600_000 });
        await dict.set("new_checkout", { on: false, percent: 0 });
        expect(await flags.getBooleanValue("new_checkout", true)).toBe(false);

        const changed = nextEvent(flags, ProviderEvents.ConfigurationChanged, (details) =>
          (details.flagsChanged ?? []).includes("new_checkout"),
        );
        await runProcess(setFlag, [
          serverAddress("redis"),
          keyspace,
          "new_checkout",
          '{"on":true,"percent":10}',
        ]);
        // Watching, the other process's write arrives by itself; checking, the next evaluation brings it in.
        if (watch) await changed;
        expect(await flags.getBooleanValue("new_checkout", false)).toBe(true);
        expect((await changed).flagsChanged).toEqual(["new_checkout"]);
      });
    }
  });

  describe("on a server of its own that is stopped and started again", () => {
    let server: LocalServer;
    beforeAll(async () => {
      server = redisServer(await freePort(), { persistent: true });
      await server.process.start();
    });
    afterAll(async () => {
      await server.process.destroy();
    });

    it("goes STALE when Redis stops, serves the last values as STALE, and is READY again once Redis is back", async () => {
      const { dict, client: flags } = await open(server.port, "flags", {
        watch: true,
        commandTimeout: 300,
        retryDelay: 20,
      });
      await dict.set("dark_mode", true);

      const stale = nextEvent(flags, ProviderEvents.Stale);
      await server.process.stop();
      await stale;
      expect(flags.providerStatus).toBe(ProviderStatus.STALE);
      expect(await flags.getBooleanDetails("dark_mode", false)).toMatchObject({
        value: true,
        reason: StandardResolutionReasons.STALE,
      });

      const ready = nextEvent(flags, ProviderEvents.Ready, () => true, 15_000);
      await server.process.start();
      await ready;
      expect(flags.providerStatus).toBe(ProviderStatus.READY);
      expect(await flags.getBooleanDetails("dark_mode", false)).toMatchObject({
        value: true,
        reason: StandardResolutionReasons.STATIC,
      });
    });
  });
});
