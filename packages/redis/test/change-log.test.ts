import { DurableDict } from "@durabledict/core";
import { countingStore } from "@durabledict/test-suite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisStore, type RedisStoreOptions, redisKeys } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";

describe("the change log behind changesSince", () => {
  let scratch: ScratchKeyspace;
  const closers: (() => Promise<void>)[] = [];
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await scratch.cleanup();
  });
  const openCounted = async (options: RedisStoreOptions = {}) => {
    const counting = countingStore(new RedisStore(scratch.client(), scratch.keyspace, options));
    const dict = await DurableDict.open<number>(counting.store, { autosync: false });
    closers.push(() => dict.close());
    return { dict, counting };
  };

  it("stays bounded, and a reader further behind than it reaches reloads everything", async () => {
    const writer = await openCounted({ changeLogSize: 3 });
    const { dict: reader, counting } = await openCounted({ changeLogSize: 3 });
    for (let i = 0; i < 6; i++) await writer.dict.set(`k${i}`, i);
    expect(await scratch.admin.zcard(redisKeys(scratch.keyspace).log)).toBe(3);
    const reloads = counting.calls.durables ?? 0;
    await reader.sync();
    expect(counting.calls.durables).toBe(reloads + 1);
    expect(await reader.size()).toBe(6);
    await writer.dict.set("k0", 100);
    await writer.dict.delete("k1");
    await reader.sync();
    expect(counting.calls.durables).toBe(reloads + 1);
    expect(counting.lastChangeCount).toBe(2);
    expect(await reader.get("k0")).toBe(100);
    expect(await reader.has("k1")).toBe(false);
  });

  it("falls back to a full load when more changed than maxChangesPerSync", async () => {
    const writer = await openCounted();
    const { dict: reader, counting } = await openCounted({ maxChangesPerSync: 2 });
    for (let i = 0; i < 3; i++) await writer.dict.set(`k${i}`, i);
    const reloads = counting.calls.durables ?? 0;
    await reader.sync();
    expect(counting.calls.durables).toBe(reloads + 1);
    expect(await reader.size()).toBe(3);
  });

  it("a counter reset to 0 makes the next sync reload, not trust the log", async () => {
    const writer = await openCounted();
    const { dict: reader, counting } = await openCounted();
    for (let i = 0; i < 3; i++) await writer.dict.set("k", i);
    await reader.sync();
    await scratch.admin.set(scratch.counter, "0");
    await writer.dict.set("k", 10);
    const reloads = counting.calls.durables ?? 0;
    expect(await reader.sync()).toBe(true);
    expect(counting.calls.durables).toBe(reloads + 1);
    expect(await reader.get("k")).toBe(10);
  });

  it("a deleted counter comes back far above every version seen before, so no reader mistakes it for one it saw", async () => {
    const store = new RedisStore(scratch.client(), scratch.keyspace);
    const steps = [];
    for (let i = 0; i < 5; i++) steps.push(await store.persist("k", String(i)));
    await scratch.admin.del(scratch.counter);
    expect(await store.lastUpdated()).toBeUndefined();
    const after = await store.persist("k", "after");
    expect(after.previous).toBeUndefined();
    expect(after.version as number).toBeGreaterThan(steps.at(-1)!.version as number);
  });

  it("setdefault on an existing key and deleting a missing key leave the version and the log alone", async () => {
    const store = new RedisStore(scratch.client(), scratch.keyspace);
    await store.persist("k", "1");
    const version = await store.lastUpdated();
    expect(await store.setdefault("k", "2")).toEqual({ payload: "1", created: false });
    expect(await store.depersist("missing")).toEqual({ existed: false });
    expect(await store.pop("missing")).toBeUndefined();
    expect(await store.lastUpdated()).toBe(version);
    expect(await store.changesSince!(version)).toEqual({ version, changed: new Map(), deleted: [] });
  });
});
