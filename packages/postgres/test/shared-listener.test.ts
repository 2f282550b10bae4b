import { randomUUID } from "node:crypto";
import { waitUntil } from "@durabledict/test-servers";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresDict } from "../src/index.js";
import { dropTable, testPool } from "./support/postgres-target.js";

describe("watching dicts on one pool", () => {
  const tables = [1, 2].map(() => `listener_${randomUUID().replaceAll("-", "")}`);
  let admin: pg.Pool;
  beforeAll(() => {
    admin = testPool();
  });
  afterAll(async () => {
    for (const table of tables) await dropTable(admin, table);
    await admin.end();
  });

  it("share one LISTEN connection, each hearing its own table, until the last of them closes", async () => {
    const application = `durabledict-listener-${randomUUID().slice(0, 8)}`;
    const pool = testPool(undefined, { application_name: application });
    // The pool's listening connections, as the server sees them: with a heartbeat this long, their last
    // query is a `LISTEN` or an `UNLISTEN`, which no statement of the pool's own contains.
    const listening = async () => {
      const { rows } = await admin.query<{ count: string }>(
        `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND query ~ 'LISTEN "'`,
        [application],
      );
      return Number(rows[0]!.count);
    };
    const open = (table: string) => openPostgresDict<string>(pool, { table, watchHeartbeat: 3_600_000 });
    const [first, second] = [await open(tables[0]!), await open(tables[1]!)];
    const third = await open(tables[1]!);
    try {
      expect([first.status, second.status, third.status]).toEqual(["live", "live", "live"]);
      expect(await listening()).toBe(1);

      await admin.query(`INSERT INTO "${tables[0]}" VALUES ('k', '"one"')`);
      await admin.query(`INSERT INTO "${tables[1]}" VALUES ('k', '"two"')`);
      // Never read: only the notifications bring the rows in.
      await waitUntil("the first table's row", () => first.snapshot().get("k") === "one");
      await waitUntil("the second table's row", () => second.snapshot().get("k") === "two");
      await waitUntil("the second table's row, in its other dict", () => third.snapshot().get("k") === "two");

      await second.close();
      await admin.query(`UPDATE "${tables[1]}" SET value = '"three"'`);
      await waitUntil(
        "the second table's row, in the dict still open",
        () => third.snapshot().get("k") === "three",
      );
      await third.close();
      await admin.query(`UPDATE "${tables[0]}" SET value = '"four"'`);
      await waitUntil(
        "the first table's row, after the others closed",
        () => first.snapshot().get("k") === "four",
      );
      expect(first.status).toBe("live");
      expect(await listening()).toBe(1);

      await first.close();
      await waitUntil("the listening connection to end", async () => (await listening()) === 0);
    } finally {
      await Promise.all([first.close(), second.close(), third.close()]);
      await pool.end();
    }
  });
});
