import { randomUUID } from "node:crypto";
import type pg from "pg";
import { dropTable, testPool } from "./postgres-target.js";

/** A pool on the test server and fresh table names; `cleanup` drops every table named, and ends the pool. */
export interface ScratchTables {
  /** A pool that reads and writes past the adapter, as psql or an ORM would. */
  readonly admin: pg.Pool;
  /** A new table name, `<prefix>_<random>`, dropped by `cleanup` (with what durabledict kept for it). */
  table(prefix: string): string;
  cleanup(): Promise<void>;
}

export function scratchTables(): ScratchTables {
  const admin = testPool();
  const tables: string[] = [];
  return {
    admin,
    table(prefix) {
      const table = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      tables.push(table);
      return table;
    },
    async cleanup() {
      for (const table of tables) await dropTable(admin, table);
      await admin.end();
    },
  };
}
