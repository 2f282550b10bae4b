import { EncodingError, InvalidKeyError } from "@durabledict/core";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresDict, PostgresStore } from "../src/index.js";
import { scratchTables } from "./support/scratch-tables.js";

describe("an existing table with columns of its own", () => {
  const scratch = scratchTables();
  const { admin } = scratch;
  const newTable = (prefix: string) => scratch.table(prefix);
  afterAll(() => scratch.cleanup());

  it("is used through its key and value columns, as a Django ModelDict table would be", async () => {
    const table = newTable("model_dict");
    await admin.query(`CREATE TABLE "${table}" (
      id serial PRIMARY KEY, name varchar(40) NOT NULL UNIQUE, data varchar(100), updated timestamptz DEFAULT now())`);
    await admin.query(
      `INSERT INTO "${table}" (name, data) VALUES ('before', '"already there"'), ('empty', NULL)`,
    );
    // Without the watch every read checks the version, so a foreign write is read at once, not once notified.
    const dict = await openPostgresDict<unknown>(admin, {
      table,
      keyColumn: "name",
      valueColumn: "data",
      watch: false,
    });
    try {
      expect(await dict.entries()).toEqual([["before", "already there"]]); // A NULL value is no entry.
      await dict.set("feature", { on: true });
      const { rows } = await admin.query(`SELECT data FROM "${table}" WHERE name = 'feature'`);
      expect(rows).toEqual([{ data: '{"on":true}' }]);
      await admin.query(`UPDATE "${table}" SET data = '"by django"' WHERE name = 'feature'`);
      expect(await dict.get("feature")).toBe("by django");
      expect(await dict.setdefault("empty", "filled")).toBe("filled");

      const longKey = "k".repeat(41);
      const keyError = await dict.set(longKey, 1).catch((error: unknown) => error);
      expect(keyError).toBeInstanceOf(InvalidKeyError);
      expect((keyError as InvalidKeyError).message).toContain("40 characters");
      // Characters, not bytes or UTF-16 units, as PostgreSQL counts them.
      await dict.set("🎉".repeat(40), 1);
      const valueError = await dict.set("big", "v".repeat(100)).catch((error: unknown) => error);
      expect(valueError).toBeInstanceOf(EncodingError);
      expect(await dict.has("big")).toBe(false);
    } finally {
      await dict.close();
    }
  });

  it("is refused when a dict cannot live in it, before anything is installed", async () => {
    const refused = async (
      definition: string,
      columns: { keyColumn?: string; valueColumn?: string } = {},
    ) => {
      const table = newTable("refused");
      await admin.query(`CREATE TABLE "${table}" (${definition})`);
      const error = await PostgresStore.open(admin, { table, ...columns }).catch((caught: Error) => caught);
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = $1::regclass",
        [`"${table}"`],
      );
      expect(rows[0].n).toBe(0);
      return (error as Error).message;
    };
    expect(await refused("key text PRIMARY KEY, value integer")).toMatch(/value column "value" of type int4/);
    expect(await refused("key text, value text")).toMatch(/no unique index on its key column/);
    expect(await refused("key text PRIMARY KEY, value text, owner text NOT NULL")).toMatch(
      /"owner", NOT NULL/,
    );
    expect(await refused("name text PRIMARY KEY, value text")).toMatch(/no key column "key"/);
    expect(await refused("k text PRIMARY KEY, v jsonb", { keyColumn: "k", valueColumn: "v" })).toMatch(
      /jsonb/,
    );
  });

  it("is created when missing, with the column names given", async () => {
    const table = newTable("created");
    const dict = await openPostgresDict(admin, { table, keyColumn: "setting", valueColumn: "payload" });
    try {
      await dict.set("a", 1);
      const { rows } = await admin.query(`SELECT setting, payload FROM "${table}"`);
      expect(rows).toEqual([{ setting: "a", payload: "1" }]);
    } finally {
      await dict.close();
    }
  });
});
