import type { DurableDict } from "@durabledict/core";
import { DurableDict as Dict } from "@durabledict/core";
import { countingStore } from "@durabledict/test-suite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRedisDict, RedisStore } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";
import { waitFor } from "./support/wait-for.js";

/** What the Python durabledict's RedisDict does for `d[key] = value`: HSET and INCR in one MULTI, no log, no message. */
async function pythonSet(scratch: ScratchKeyspace, key: string, value: unknown): Promise<void> {
  await scratch.admin.multi().hset(scratch.keyspace, key, JSON.stringify(value)).incr(scratch.counter).exec();
}

describe("a writer that knows only the Python layout (HSET plus INCR, no change log, no message)", () => {
  let scratch: ScratchKeyspace;
  const dicts: DurableDict[] = [];
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    for (const dict of dicts.splice(0)) await dict.close();
    await scratch.cleanup();
  });
  const open = async (options: Parameters<typeof openRedisDict>[2] = {}) => {
    const dict = await openRedisDict(scratch.client(), scratch.keyspace, options);
    dicts.push(dict);
    return dict;
  };

  it("is seen by an autosync dict on its next read", async () => {
    const dict = await open();
    await dict.set("a", 1);
    await pythonSet(scratch, "a", 2);
    await pythonSet(scratch, "b", "from python");
    expect(await dict.get("a")).toBe(2);
    expect(await dict.get("b")).toBe("from python");
  });

  it("is not lost by an incremental sync when one of our writers writes after it", async () => {
    const writer = await open();
    const counting = countingStore(new RedisStore(scratch.client(), scratch.keyspace));
    const reader = await Dict.open(counting.store, { autosync: false });
    dicts.push(reader);
    await writer.set("ours", 1);
    await reader.sync();
    await pythonSet(scratch, "theirs", "python");
    await writer.set("ours", 2);
    const reloads = counting.calls.durables ?? 0;
    expect(await reader.sync()).toBe(true);
    expect(counting.calls.durables).toBe(reloads + 1);
    expect(await reader.get("theirs")).toBe("python");
    expect(await reader.get("ours")).toBe(2);
    await writer.set("ours", 3);
    await reader.sync();
    expect(counting.calls.durables).toBe(reloads + 1);
    expect(await reader.get("ours")).toBe(3);
  });

  it("a Python delete (HDEL plus INCR) is seen too", async () => {
    const dict = await open();
    await dict.update({ a: 1, b: 2 });
    await scratch.admin.multi().hdel(scratch.keyspace, "a").incr(scratch.counter).exec();
    expect(await dict.keys()).toEqual(["b"]);
  });

  it("reaches a watching dict within its background refresh interval", async () => {
    const dict = await open({ watch: true, refreshInterval: 100 });
    expect(await dict.get("k")).toBeUndefined();
    await pythonSet(scratch, "k", "python");
    await waitFor("the background refresh", () => dict.snapshot().get("k") === "python");
  });

  it("reaches a watching dict at once when the server has keyspace notifications on", async () => {
    const [, previous] = (await scratch.admin.config("GET", "notify-keyspace-events")) as [string, string];
    await scratch.admin.config("SET", "notify-keyspace-events", "K$");
    try {
      // An hour-long refresh interval: only the keyspace notification can bring the write in time.
      const dict = await open({ watch: true, refreshInterval: 3_600_000 });
      expect(await dict.get("k")).toBeUndefined();
      await pythonSet(scratch, "k", "python");
      await waitFor("the keyspace notification", () => dict.snapshot().get("k") === "python");
    } finally {
      await scratch.admin.config("SET", "notify-keyspace-events", previous);
    }
  });
});
