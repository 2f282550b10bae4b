import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openRedisDict } from "../src/index.js";
import { type ScratchKeyspace, scratchKeyspace } from "./support/scratch-keyspace.js";
import { waitFor } from "./support/wait-for.js";

/** How many connections the server has that were opened by a `SUBSCRIBE`. */
async function subscribers(scratch: ScratchKeyspace): Promise<number> {
  const list = await scratch.admin.client("LIST");
  return String(list)
    .split("\n")
    .filter((line) => /\bsub=[1-9]/.test(line)).length;
}

describe("connections", () => {
  let scratch: ScratchKeyspace;
  beforeEach(() => {
    scratch = scratchKeyspace();
  });
  afterEach(async () => {
    await scratch.cleanup();
  });

  it("close() ends the subscriber the watch duplicated, never the client the user passed in", async () => {
    const client = scratch.client();
    const before = await subscribers(scratch);
    const dict = await openRedisDict(client, scratch.keyspace, { watch: true });
    expect(await subscribers(scratch)).toBe(before + 1);
    await dict.close();
    await waitFor("the subscriber to disconnect", async () => (await subscribers(scratch)) === before);
    expect(client.status).toBe("ready");
    expect(await client.ping()).toBe("PONG");
  });
});
