import { DurableDict } from "@durabledict/core";
import { countingStore } from "@durabledict/test-suite";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { redisPort } from "./support/redis-target.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";
import { waitFor } from "./support/wait-for.js";

const user = "durabledict-subscription-drop";

describe("a watch whose subscription drops while the server stays up", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.admin.acl("DELUSER", user);
    await scratch.cleanup();
  });

  it("checks the version per read until the subscription is back, then reads without a round trip", async () => {
    await scratch.admin.acl("SETUSER", user, "on", ">drop-secret", "~*", "&*", "+@all");
    const client = new Redis({
      port: redisPort(),
      host: "127.0.0.1",
      username: user,
      password: "drop-secret",
    });
    const counting = countingStore(new RedisStore(client, scratch.keyspace, { watch: true }));
    const dict = await DurableDict.open<number>(counting.store, { refreshInterval: 3_600_000 });
    const checks = () => counting.calls.lastUpdated ?? 0;
    const pythonSet = (value: number) =>
      scratch.admin.multi().hset(scratch.keyspace, "k", String(value)).incr(scratch.counter).exec();
    const settled = async () => {
      const before = checks();
      await dict.get("k");
      return checks() === before;
    };
    try {
      await waitFor("the watch to vouch for the copy", settled);
      await pythonSet(1);
      expect(await dict.get("k")).toBeUndefined(); // No message, no check: the watch vouches for the copy.

      // Revoking the channels makes the server drop the subscriber, and refuse it when it comes back.
      await scratch.admin.acl("SETUSER", user, "resetchannels");
      await waitFor("reads to check the version again", async () => (await dict.get("k")) === 1);
      await pythonSet(2);
      expect(await dict.get("k")).toBe(2);

      await scratch.admin.acl("SETUSER", user, "allchannels");
      await waitFor("the subscription to come back", settled);
      const before = checks();
      for (let i = 0; i < 20; i++) expect(await dict.get("k")).toBe(2);
      expect(checks()).toBe(before);
    } finally {
      await dict.close();
      await counting.store.close?.();
      client.disconnect();
    }
  });
});
