import { DurableDict } from "@durabledict/core";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { redisPort } from "./support/redis-target.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";

/** Twenty rounds of one dict writing and the other reading it at once, both ways. */
async function eachReadsTheOther(a: DurableDict<number>, b: DurableDict<number>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await a.set("k", i);
    expect(await b.get("k")).toBe(i);
    await b.set("k", -i - 1);
    expect(await a.get("k")).toBe(-i - 1);
  }
}

describe("several watching dicts of one process on one hash", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.cleanup();
  });

  it("each sees what another wrote through the same store on its next read", async () => {
    const store = new RedisStore(scratch.client(), scratch.keyspace, { watch: true });
    const a = await DurableDict.open<number>(store);
    const b = await DurableDict.open<number>(store);
    try {
      await eachReadsTheOther(a, b);
    } finally {
      await a.close();
      await b.close();
      await store.close();
    }
  });

  it("each sees what another wrote through a store on another client, on its next read", async () => {
    const first = new RedisStore(scratch.client(), scratch.keyspace, { watch: true });
    const second = new RedisStore(scratch.client(), scratch.keyspace, { watch: true });
    expect(first.scope).toBe(second.scope);
    const a = await DurableDict.open<number>(first, { ownsStore: true });
    const b = await DurableDict.open<number>(second, { ownsStore: true });
    try {
      await eachReadsTheOther(a, b);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a store's scope names the server, the database and the hash", () => {
    const client = (db: number) => new Redis({ port: redisPort(), host: "127.0.0.1", db, lazyConnect: true });
    const scope = (db: number, keyspace: string) => new RedisStore(client(db), keyspace).scope;
    expect(scope(0, "a")).toBe(scope(0, "a"));
    expect(scope(0, "a")).not.toBe(scope(0, "b"));
    expect(scope(0, "a")).not.toBe(scope(1, "a"));
    const elsewhere = new Redis({ port: redisPort() + 1, host: "127.0.0.1", lazyConnect: true });
    expect(new RedisStore(elsewhere, "a").scope).not.toBe(scope(0, "a"));
  });
});
