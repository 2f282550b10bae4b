import { InvalidKeyError } from "@durabledict/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRedisDict } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";

/** How many scripts the server has run, `EVAL` and `EVALSHA` together: every write of the store is one. */
async function scriptsRun(scratch: ScratchKeyspace): Promise<number> {
  const stats = String(await scratch.admin.info("commandstats"));
  const calls = [...stats.matchAll(/^cmdstat_eval(?:sha)?:calls=(\d+)/gm)];
  return calls.reduce((sum, match) => sum + Number(match[1]), 0);
}

describe("keys that are not well-formed Unicode", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.cleanup();
  });

  // Sent as UTF-8, a lone surrogate becomes U+FFFD: other processes would see another key, and two such keys
  // would collapse into one field.
  it("are refused with InvalidKeyError, and no write reaches Redis", async () => {
    const dict = await openRedisDict(scratch.client(), scratch.keyspace);
    try {
      const before = await scriptsRun(scratch);
      for (const key of ["\ud800", "a\ud800b"]) {
        await expect(dict.set(key, 1)).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(dict.setdefault(key, 1)).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(dict.update({ ok: 1, [key]: 2 })).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(dict.pop(key, "fallback")).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(dict.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
      }
      expect(await scriptsRun(scratch)).toBe(before);
      expect(await scratch.admin.hlen(scratch.keyspace)).toBe(0);
      expect(await scratch.admin.exists(scratch.counter)).toBe(0);
    } finally {
      await dict.close();
    }
  });
});
