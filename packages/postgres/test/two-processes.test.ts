import { randomUUID } from "node:crypto";
import { serverAddress } from "@durabledict/test-servers";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresDict } from "../src/index.js";
import { runFixture } from "./support/child-process.js";
import { dropTable, testPool } from "./support/postgres-target.js";

describe("two Node processes writing and reading the same keys", () => {
  let admin: pg.Pool;
  const tables: string[] = [];
  beforeAll(() => {
    admin = testPool();
  });
  afterAll(async () => {
    for (const table of tables) await dropTable(admin, table);
    await admin.end();
  });

  it("end with identical state, which is what the table holds", async () => {
    const table = `two_processes_${randomUUID().replaceAll("-", "")}`;
    tables.push(table);
    const args = (id: string) => [serverAddress("postgres"), table, id, "200"];
    const [a, b] = await Promise.all([
      runFixture("writer-process.mjs", args("a")),
      runFixture("writer-process.mjs", args("b")),
    ]);
    expect(JSON.parse(a)).toEqual(JSON.parse(b));
    const dict = await openPostgresDict(admin, { table, watch: false });
    const stored = (await dict.entries()).sort(([x], [y]) => (x < y ? -1 : 1));
    await dict.close();
    expect(JSON.parse(a)).toEqual(stored);
    expect(stored.filter(([key]) => key.startsWith("first"))).toHaveLength(3);
  });
});
