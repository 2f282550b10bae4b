import type { DurableDict } from "@durabledict/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRedisDict, redisKeys } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";
import { waitFor } from "./support/wait-for.js";

/** How many connections the server has: all of them, and those opened by a `SUBSCRIBE`. */
async function connections(scratch: ScratchKeyspace): Promise<{ all: number; subscribers: number }> {
  const lines = String(await scratch.admin.client("LIST"))
    .split("\n")
    .filter((line) => line.trim() !== "");
  return { all: lines.length, subscribers: lines.filter((line) => /\bsub=[1-9]/.test(line)).length };
}

describe("connections", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.cleanup();
  });
  const settled = (expected: { all: number; subscribers: number }) => async () => {
    const now = await connections(scratch);
    return now.all === expected.all && now.subscribers === expected.subscribers;
  };

  it("close() ends the subscriber the watch duplicated, never the client the user passed in", async () => {
    const client = scratch.client();
    await client.ping();
    const before = await connections(scratch);
    const dict = await openRedisDict(client, scratch.keyspace, { watch: true });
    expect((await connections(scratch)).subscribers).toBe(before.subscribers + 1);
    await dict.close();
    await waitFor("the dict's connections to close", settled(before));
    expect(client.status).toBe("ready");
    expect(await client.ping()).toBe("PONG");
  });

  it("every dict on one client shares one command and one subscriber connection, closed with the last", async () => {
    const client = scratch.client();
    await client.ping();
    const before = await connections(scratch);
    const other = `${scratch.keyspace}:other`;
    const dicts: DurableDict[] = [];
    for (let i = 0; i < 6; i++) {
      dicts.push(await openRedisDict(client, i % 2 === 0 ? scratch.keyspace : other, { watch: true }));
    }
    await dicts[0]!.set("k", 1);
    await waitFor("each dict to see the write of another", async () => (await dicts[2]!.get("k")) === 1);
    expect(await connections(scratch)).toEqual({ all: before.all + 2, subscribers: before.subscribers + 1 });
    for (const dict of dicts.slice(1)) await dict.close();
    expect(await connections(scratch)).toEqual({ all: before.all + 2, subscribers: before.subscribers + 1 });
    await dicts[0]!.close();
    await waitFor("the shared connections to close with the last dict", settled(before));
    await scratch.admin.del(...Object.values(redisKeys(other)));
  });

  it("a dict that fails to open leaves no connection of its own behind", async () => {
    const client = scratch.client();
    await client.ping();
    const before = await connections(scratch);
    // A string where the hash belongs: the first load fails with WRONGTYPE, after both connections opened.
    await scratch.admin.set(scratch.keyspace, "not a hash");
    await expect(openRedisDict(client, scratch.keyspace, { watch: true })).rejects.toThrow(/WRONGTYPE/);
    await waitFor("the failed dict's connections to close", settled(before));
    expect(await client.ping()).toBe("PONG");
  });

  it("the dicts' connections end with the user's client, even when no dict was closed", async () => {
    const client = scratch.client();
    await client.ping();
    const before = await connections(scratch);
    await openRedisDict(client, scratch.keyspace, { watch: true });
    client.disconnect();
    await waitFor("every connection of the client to end", settled({ ...before, all: before.all - 1 }));
  });
});
