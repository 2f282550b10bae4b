import { DurableDict, type DurableDictError } from "@durabledict/core";
import { startTcpProxy } from "@durabledict/test-servers";
import { countingStore } from "@durabledict/test-suite";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { redisPort } from "./support/redis-target.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";
import { waitFor } from "./support/wait-for.js";

describe("a watch whose server goes silent without closing the connection", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.cleanup();
  });

  it("stops vouching for the copy: reads check again, report the store unreachable, and recover", async () => {
    const proxy = await startTcpProxy(redisPort());
    const client = new Redis(proxy.port, "127.0.0.1");
    client.on("error", () => {}); // The silence and the reset are on purpose.
    const counting = countingStore(
      new RedisStore(client, scratch.keyspace, { watch: true, commandTimeout: 500 }),
    );
    const dict = await DurableDict.open<number>(counting.store, {
      refreshInterval: 3_600_000,
      syncTimeout: 500,
    });
    const errors: DurableDictError[] = [];
    dict.on("error", (error) => errors.push(error));
    const vouching = async () => {
      const before = counting.calls.lastUpdated ?? 0;
      await dict.get("k");
      return counting.calls.lastUpdated === before;
    };
    try {
      await waitFor("the watch to vouch for the copy", vouching);
      proxy.holdReplies();
      // The subscriber's heartbeat goes unanswered, so the watch stops vouching and reads ask the store.
      await waitFor(
        "reads to report the store unreachable",
        async () => {
          await dict.get("k");
          return errors.length > 0;
        },
        10_000,
      );
      proxy.cut();
      proxy.restore();
      await scratch.admin.multi().hset(scratch.keyspace, "k", "1").incr(scratch.counter).exec();
      await waitFor("the dict to read the store again", async () => (await dict.get("k")) === 1, 10_000);
      await waitFor("the watch to vouch again", vouching, 10_000);
      expect(await dict.get("k")).toBe(1);
    } finally {
      await dict.close();
      await counting.store.close?.();
      client.disconnect();
      await proxy.close();
    }
  });
});
