import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresDict, PostgresStore } from "../src/index.js";
import { dropTable, testPool } from "./support/postgres-target.js";

describe("table, schema and column names", () => {
  let admin: pg.Pool;
  const odd = `we"ird tab;le'); DROP TABLE durabledict_versions; --`;
  beforeAll(() => {
    admin = testPool();
  });
  afterAll(async () => {
    await dropTable(admin, odd);
    await admin.query('DROP SCHEMA IF EXISTS "Other Schema" CASCADE');
    await admin.end();
  });

  it("are quoted, never interpolated: any name PostgreSQL can hold works as itself", async () => {
    const dict = await openPostgresDict(admin, {
      table: odd,
      keyColumn: 'the "key"',
      valueColumn: "$1 value",
    });
    try {
      await dict.set("k", "v");
      const { rows } = await admin.query(`SELECT "the ""key""" AS key FROM "${odd.replaceAll('"', '""')}"`);
      expect(rows).toEqual([{ key: "k" }]);
      expect(
        (await admin.query("SELECT to_regclass('durabledict_versions') IS NOT NULL AS kept")).rows,
      ).toEqual([{ kept: true }]);
    } finally {
      await dict.close();
    }
  });

  it("may name another schema", async () => {
    await admin.query('CREATE SCHEMA IF NOT EXISTS "Other Schema"');
    const dict = await openPostgresDict(admin, { table: "settings", schema: "Other Schema" });
    try {
      await dict.set("k", 1);
      const { rows } = await admin.query('SELECT value FROM "Other Schema".settings');
      expect(rows).toEqual([{ value: "1" }]);
    } finally {
      await dict.close();
    }
  });

  it("are refused when PostgreSQL would truncate or cannot hold them", async () => {
    const refusal = (options: { table: string; schema?: string; keyColumn?: string }) =>
      PostgresStore.open(admin, options).then(
        () => "opened",
        (error: Error) => error.message,
      );
    expect(await refusal({ table: "t".repeat(64) })).toMatch(/longer than PostgreSQL's 63-byte identifiers/);
    expect(await refusal({ table: "é".repeat(32) })).toMatch(/63-byte/);
    expect(await refusal({ table: "" })).toMatch(/table must be a non-empty string/);
    expect(await refusal({ table: "a\0b" })).toMatch(/NUL/);
    expect(await refusal({ table: "t", keyColumn: "" })).toMatch(/keyColumn must be a non-empty string/);
  });
});
