import type { DurableDict } from "@durabledict/core";
import { startTcpProxy, type TcpProxy } from "@durabledict/test-servers";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRedisDict } from "../src/index.js";
import { redisPort } from "./support/redis-target.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";
import { type Outcome, settle } from "./support/settle.js";
import { waitFor } from "./support/wait-for.js";

describe("a write whose reply is lost (held back by the network, then the connection resets)", () => {
  let scratch: ScratchKeyspace;
  let proxy: TcpProxy;
  let client: Redis;
  let dict: DurableDict<string>;
  beforeEach(async () => {
    scratch = scratchKeyspace();
    proxy = await startTcpProxy(redisPort());
    // ioredis re-sends unanswered commands after a reconnect unless told otherwise: the user's client keeps
    // its defaults here, as most users' do.
    client = new Redis(proxy.port, "127.0.0.1");
    client.on("error", () => {}); // The resets are on purpose.
    dict = await openRedisDict<string>(client, scratch.keyspace, { commandTimeout: 1000 });
  });
  afterEach(async () => {
    await dict.close();
    client.disconnect();
    await proxy.close();
    await scratch.cleanup();
  });
  const counter = async () => Number(await scratch.admin.get(scratch.counter));

  // Each test first runs its write once, so the server knows the script: an `EVALSHA` answered `NOSCRIPT`
  // runs nothing, and the lost reply would then prove nothing.

  /** Starts `write` with every reply held back, waits until the server ran it, then resets the connection. */
  async function lose(write: () => Promise<unknown>, ran: () => Promise<boolean>): Promise<Outcome> {
    proxy.holdReplies();
    const outcome = settle(write());
    await waitFor("the server to run the write", ran);
    proxy.cut();
    proxy.restore();
    return outcome;
  }
  /** Once `ran` holds, another client (a Python writer) writes "theirs" under k, after the lost write. */
  const thenTheirs = (ran: () => Promise<boolean>) => async () => {
    if (!(await ran())) return false;
    await scratch.admin
      .multi()
      .hset(scratch.keyspace, "k", JSON.stringify("theirs"))
      .incr(scratch.counter)
      .exec();
    return true;
  };
  const answeredOrUnknown = (outcome: Outcome, answer: unknown) => {
    if ("answer" in outcome) expect(outcome.answer).toEqual(answer);
    else expect(outcome.applied).toBe("unknown");
  };

  it("pop answers the value it removed, or says it may have been applied; never the fallback", async () => {
    await dict.pop("k", "fallback");
    await dict.set("k", "value");
    const before = await counter();
    const outcome = await lose(
      () => dict.pop("k", "fallback"),
      async () => (await scratch.admin.hexists(scratch.keyspace, "k")) === 0,
    );
    answeredOrUnknown(outcome, "value");
    expect(await counter()).toBe(before + 1);
  });

  it("delete answers true, or says it may have been applied; never false for a key it deleted", async () => {
    await dict.delete("k");
    await dict.set("k", "value");
    const before = await counter();
    const outcome = await lose(
      () => dict.delete("k"),
      async () => (await scratch.admin.hexists(scratch.keyspace, "k")) === 0,
    );
    answeredOrUnknown(outcome, true);
    expect(await counter()).toBe(before + 1);
  });

  it("set runs once: a later write by another client is never overwritten by a re-sent set", async () => {
    await dict.set("warm", "up");
    const before = await counter();
    const outcome = await lose(
      async () => dict.set("k", "mine"),
      thenTheirs(async () => (await scratch.admin.hget(scratch.keyspace, "k")) === JSON.stringify("mine")),
    );
    answeredOrUnknown(outcome, undefined);
    expect(await scratch.admin.hget(scratch.keyspace, "k")).toBe(JSON.stringify("theirs"));
    expect(await counter()).toBe(before + 2);
  });

  it("setdefault answers the value it created, or says it may have been applied", async () => {
    await dict.setdefault("warm", "up");
    const before = await counter();
    const outcome = await lose(
      () => dict.setdefault("k", "first"),
      thenTheirs(async () => (await scratch.admin.hexists(scratch.keyspace, "k")) === 1),
    );
    answeredOrUnknown(outcome, "first");
    expect(await scratch.admin.hget(scratch.keyspace, "k")).toBe(JSON.stringify("theirs"));
    expect(await counter()).toBe(before + 2);
  });

  it("a write whose reply is late past commandTimeout says it may have been applied", async () => {
    await dict.pop("k", "fallback");
    await dict.set("k", "value");
    proxy.holdReplies();
    const outcome = await settle(dict.pop("k", "fallback"));
    expect(outcome).toEqual({ applied: "unknown" });
    expect(await scratch.admin.hexists(scratch.keyspace, "k")).toBe(0);
    proxy.cut();
    proxy.restore();
  });

  it("a write while the connection is known down says it was not applied, and nothing is written", async () => {
    const before = await counter();
    proxy.cut();
    await waitFor("the store to know it is disconnected", async () => {
      const outcome = await settle(dict.set("k", "during"));
      return "applied" in outcome && outcome.applied === "no";
    });
    proxy.restore();
    expect(await scratch.admin.hexists(scratch.keyspace, "k")).toBe(0);
    expect(await counter()).toBe(before);
  });
});
