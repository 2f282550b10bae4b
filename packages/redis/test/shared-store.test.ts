import { DurableDict } from "@durabledict/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RedisStore } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";

describe("several watching dicts on one RedisStore", () => {
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
      for (let i = 0; i < 20; i++) {
        await a.set("k", i);
        expect(await b.get("k")).toBe(i);
        await b.set("k", -i - 1);
        expect(await a.get("k")).toBe(-i - 1);
      }
    } finally {
      await a.close();
      await b.close();
      await store.close();
    }
  });
});
