import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRedisDict } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";

/** How many times the server ran `command` since its stats were last reset. */
async function calls(scratch: ScratchKeyspace, command: string): Promise<number> {
  const stats = await scratch.admin.info("commandstats");
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

describe("a hash of 100,000 keys", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.cleanup();
  });

  it("loads in HSCAN steps, never in one HGETALL reply", async () => {
    const pipeline = scratch.admin.pipeline();
    for (let batch = 0; batch < 100; batch++) {
      const fields: string[] = [];
      for (let i = batch * 1000; i < (batch + 1) * 1000; i++) fields.push(`k${i}`, String(i));
      pipeline.hset(scratch.keyspace, ...fields);
    }
    pipeline.incr(scratch.counter);
    await pipeline.exec();
    await scratch.admin.config("RESETSTAT");
    const dict = await openRedisDict<number>(scratch.client(), scratch.keyspace, { scanCount: 2000 });
    try {
      expect(await dict.size()).toBe(100_000);
      expect(await dict.get("k99999")).toBe(99_999);
      expect(await calls(scratch, "hscan")).toBeGreaterThanOrEqual(50);
      expect(await calls(scratch, "hgetall")).toBe(0);
    } finally {
      await dict.close();
    }
  });
});
