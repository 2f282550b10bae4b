import { serverAddress } from "@durabledict/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/index.js";
import { lines, startFixture } from "./support/child-process.js";
import { scratchTables } from "./support/scratch-tables.js";

describe("rows changed by plain SQL, with no durabledict on the writing side", () => {
  const scratch = scratchTables();
  const { admin } = scratch;
  const table = scratch.table("sql_writer");
  beforeAll(async () => {
    // The table and its triggers exist once a store opened it; the writer below is plain SQL.
    await (await PostgresStore.open(admin, { table, watch: false })).close();
  });
  afterAll(() => scratch.cleanup());

  it("reach a watching dict in another Node process through LISTEN, without a read or a poll", async () => {
    const watcher = startFixture("watcher-process.mjs", [serverAddress("postgres"), table]);
    try {
      const events = lines(watcher);
      expect(await events.next(30_000)).toBe("ready live");
      const next = async () => JSON.parse(await events.next()) as { key: string; newValue: unknown };

      await admin.query(`INSERT INTO "${table}" (key, value) VALUES ('a', '1')`);
      expect(await next()).toEqual({ key: "a", newValue: 1 });
      await admin.query(`UPDATE "${table}" SET value = '{"on":true}' WHERE key = 'a'`);
      expect(await next()).toEqual({ key: "a", newValue: { on: true } });

      // A transaction of several statements is one version: the watcher sees all of it at once.
      const client = await admin.connect();
      try {
        await client.query("BEGIN");
        await client.query(`INSERT INTO "${table}" VALUES ('b', '2'), ('c', '3')`);
        await client.query(`DELETE FROM "${table}" WHERE key = 'a'`);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
      const batch = [await next(), await next(), await next()].sort((x, y) => (x.key < y.key ? -1 : 1));
      expect(batch).toEqual([
        { key: "a", newValue: undefined },
        { key: "b", newValue: 2 },
        { key: "c", newValue: 3 },
      ]);

      await admin.query(`TRUNCATE "${table}"`);
      const truncated = [await next(), await next()].sort((x, y) => (x.key < y.key ? -1 : 1));
      expect(truncated).toEqual([
        { key: "b", newValue: undefined },
        { key: "c", newValue: undefined },
      ]);
    } finally {
      watcher.stdin.end();
      await new Promise((resolve) => watcher.once("exit", resolve));
    }
  });
});
