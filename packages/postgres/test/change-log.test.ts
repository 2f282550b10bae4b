import { DurableDict } from "@durabledict/core";
import { countingStore } from "@durabledict/test-suite";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/index.js";
import { testPool } from "./support/postgres-target.js";
import { scratchTables } from "./support/scratch-tables.js";

describe("the version and change log the database keeps", () => {
  const scratch = scratchTables();
  const { admin } = scratch;
  const newTable = () => scratch.table("log");
  afterAll(() => scratch.cleanup());

  it("is pruned past 10,000 versions: a reader further behind reloads, a nearer one syncs what changed", async () => {
    const table = newTable();
    const store = await PostgresStore.open(admin, { table, watch: false });
    await store.persistMany(
      new Map([
        ["a", "0"],
        ["b", "0"],
      ]),
    );
    const far = countingStore(await PostgresStore.open(admin, { table, watch: false }));
    const farDict = await DurableDict.open<number>(far.store, { autosync: false, ownsStore: true });
    // Each statement its own transaction, so each one a version, as 10,300 separate writers would make.
    await admin.query(`DO $$ BEGIN FOR i IN 1..10300 LOOP
      UPDATE "${table}" SET value = i::text WHERE key = 'a'; COMMIT; END LOOP; END $$`);
    const near = countingStore(await PostgresStore.open(admin, { table, watch: false }));
    const nearDict = await DurableDict.open<number>(near.store, { autosync: false, ownsStore: true });
    await store.persist("b", "1");
    try {
      const reloads = [far.calls.durables, near.calls.durables];
      expect(await nearDict.sync()).toBe(true);
      expect(near.calls.durables).toBe(reloads[1]);
      expect(near.lastChangeCount).toBe(1);
      expect(await farDict.sync()).toBe(true);
      expect(far.calls.durables).toBe(reloads[0]! + 1);
      for (const dict of [farDict, nearDict])
        expect(await dict.entries()).toEqual([
          ["a", 10300],
          ["b", 1],
        ]);
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM durabledict_changes WHERE table_name = $1",
        [table],
      );
      expect(rows[0].n).toBeLessThanOrEqual(10_000 + 1024);
    } finally {
      await farDict.close();
      await nearDict.close();
      await store.close();
    }
  });

  it("is pruned by the store's own writes too, which answer no further back than 10,000 versions", async () => {
    const table = newTable();
    const store = await PostgresStore.open(admin, { table, watch: false });
    const first = await store.persist("a", "0");
    for (let i = 1; i <= 10_300; i += 4) {
      await Promise.all([0, 1, 2, 3].map((k) => store.persist(`k${k}`, String(i + k))));
    }
    const near = await store.lastUpdated();
    await store.persist("a", "1");
    await store.close(); // Waits for the prune the 10,240th version started.
    const { rows } = await admin.query(
      "SELECT count(*)::int AS n, (SELECT log_from FROM durabledict_versions WHERE table_name = $1) AS log_from FROM durabledict_changes WHERE table_name = $1",
      [table],
    );
    expect(rows[0].n).toBeLessThanOrEqual(10_000 + 1024);
    expect(Number(rows[0].log_from)).toBeGreaterThan(0);
    expect(await store.changesSince(first!.version)).toBeUndefined();
    expect(Object.fromEntries((await store.changesSince(near))!.changed)).toEqual({ a: "1" });
  });

  it("syncs one change by reading that key alone, even under the plan PostgreSQL makes for any version", async () => {
    const table = newTable();
    // One connection, which always plans prepared statements generically, as a server may after five runs.
    const pool = testPool(undefined, { max: 1, options: "-c plan_cache_mode=force_generic_plan" });
    const store = await PostgresStore.open(pool, { table, watch: false });
    try {
      for (let start = 0; start < 100_000; start += 10_000) {
        const keys = Array.from({ length: 10_000 }, (_, i) => `key-${start + i}`);
        await store.persistMany(new Map(keys.map((key) => [key, "0"])));
      }
      const since = await store.lastUpdated();
      await store.persist("key-7", "1");
      await pool.query("ANALYZE");
      expect(Object.fromEntries((await store.changesSince(since))!.changed)).toEqual({ "key-7": "1" });
      const [epoch, counter] = String(since).split(":");
      const { rows } = await pool.query(
        `EXPLAIN EXECUTE "durabledict_${store.names.tag}_changesSince"('${epoch}', ${counter}, 10001)`,
      );
      const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan).toContain("Index Cond");
      expect(plan).not.toMatch(new RegExp(`Seq Scan on "?${table}"?`));
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it("moves one version per transaction, however many statements and rows it changes", async () => {
    const table = newTable();
    const store = await PostgresStore.open(admin, { table, watch: false });
    const step = await store.persistMany(
      new Map([
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
      ]),
    );
    expect(step?.previous).toBeUndefined(); // The table's first version.
    const client = await admin.connect();
    try {
      await client.query("BEGIN");
      await client.query(`UPDATE "${table}" SET value = '10' WHERE key = 'a'`);
      await client.query(`DELETE FROM "${table}" WHERE key = 'b'`);
      await client.query(`INSERT INTO "${table}" VALUES ('d', '4')`);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const version = await store.lastUpdated();
    const [epoch, counter] = String(step?.version).split(":");
    expect(version).toBe(`${epoch}:${Number(counter) + 1}`);
    const changes = await store.changesSince(step!.version);
    expect(changes?.version).toBe(version);
    expect(Object.fromEntries(changes!.changed)).toEqual({ a: "10", d: "4" });
    expect(changes?.deleted).toEqual(["b"]);
    await admin.query(`TRUNCATE "${table}"`);
    expect(await store.changesSince(version)).toBeUndefined(); // The log cannot say what a TRUNCATE removed.
    await store.close();
  });

  it("is installed once when several processes open a new table at the same moment", async () => {
    const table = newTable();
    const pools = Array.from({ length: 6 }, () => testPool());
    try {
      const stores = await Promise.all(
        pools.map((pool) => PostgresStore.open(pool, { table, watch: false })),
      );
      await Promise.all(stores.map((store, i) => store.persist(`k${i}`, String(i))));
      expect((await stores[0]!.durables()).size).toBe(6);
      const { rows } = await admin.query(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass ORDER BY tgname",
        [`"${table}"`],
      );
      expect(rows.map((row) => row.tgname)).toEqual([
        "durabledict_lock",
        "durabledict_log",
        "durabledict_truncate",
      ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
