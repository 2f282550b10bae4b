import { randomUUID } from "node:crypto";
import { DurableDict } from "@durabledict/core";
import { serverAddress, waitUntil } from "@durabledict/test-servers";
import { countingStore } from "@durabledict/test-suite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/index.js";
import { dropTable, testPool } from "./support/postgres-target.js";

const role = "durabledict_listen_test";

describe("a LISTEN connection the server terminates", () => {
  let admin: pg.Pool;
  const table = `listen_${randomUUID().replaceAll("-", "")}`;
  beforeAll(async () => {
    admin = testPool();
    await (await PostgresStore.open(admin, { table, watch: false })).close();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${table}" TO ${role}`);
    await admin.query(`GRANT SELECT, UPDATE ON durabledict_versions TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT ON durabledict_changes TO ${role}`);
  });
  afterAll(async () => {
    await dropTable(admin, table);
    await admin.query(`DROP OWNED BY ${role}`);
    await admin.query(`DROP ROLE ${role}`);
    await admin.end();
  });

  it("goes not live, reads check the version meanwhile, and a write made meanwhile arrives when it is back", async () => {
    const url = new URL(serverAddress("postgres"));
    url.username = role;
    // The pool keeps its idle connections, so reads go on while the role may not log in again.
    const pool = new pg.Pool({ connectionString: url.href, max: 2, idleTimeoutMillis: 0 });
    pool.on("error", () => {});
    const counting = countingStore(await PostgresStore.open(pool, { table, watchHeartbeat: 3_600_000 }));
    const dict = await DurableDict.open<string>(counting.store, { ownsStore: true });
    const checks = () => counting.calls.lastUpdated ?? 0;
    const settled = async () => {
      const before = checks();
      await dict.get("k");
      return checks() === before;
    };
    try {
      await waitUntil("the watch to vouch for the copy", settled);
      await admin.query(`ALTER ROLE ${role} NOLOGIN`);
      const { rows } = await admin.query(
        "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE usename = $1 AND query LIKE 'LISTEN %'",
        [role],
      );
      expect(rows).toEqual([{ done: true }]);
      await waitUntil("the dict to go stale", () => dict.status === "stale");

      await admin.query(`INSERT INTO "${table}" VALUES ('during', '"read"')`);
      expect(await dict.get("during")).toBe("read"); // No watch vouches: the read checks the version.
      await admin.query(`INSERT INTO "${table}" VALUES ('meanwhile', '"pushed"')`);

      await admin.query(`ALTER ROLE ${role} LOGIN`);
      // Never read from here: only the watch coming back, and the re-sync that follows, bring it in.
      await waitUntil(
        "the re-sync after the watch is back",
        () => dict.snapshot().get("meanwhile") === "pushed",
        {
          timeout: 15_000,
        },
      );
      await waitUntil("the dict to go live", () => dict.status === "live");
      await waitUntil("the watch to vouch for the copy again", settled);
    } finally {
      await admin.query(`ALTER ROLE ${role} LOGIN`);
      await dict.close();
      await pool.end();
    }
  });
});
