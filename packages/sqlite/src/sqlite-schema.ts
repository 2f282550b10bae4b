import { DurableDictError } from "@durabledict/core";
import type BetterSqlite3 from "better-sqlite3";

/** The table holding every dict's version row in a file. */
export const versionsTable = "durabledict_versions";

const tableNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Refuses a table name that could not be used verbatim in SQL. Names are checked against a strict pattern
 * (and then quoted anyway), so a name can never carry SQL of its own.
 */
export function checkTableName(table: string): void {
  const reason =
    typeof table !== "string" || !tableNamePattern.test(table)
      ? "use 1 to 64 letters, digits or _, starting with a letter or _"
      : /^sqlite_/i.test(table)
        ? "names starting with sqlite_ are reserved by SQLite"
        : table.toLowerCase() === versionsTable
          ? `${versionsTable} holds the dicts' versions`
          : undefined;
  if (reason !== undefined) {
    throw new DurableDictError(`invalid table name ${JSON.stringify(table)}: ${reason}`, {
      adapter: "sqlite",
    });
  }
}

/** The names a dict's storage uses in its file, quoted for SQL. */
export interface TableNames {
  entries: string;
  deleted: string;
}

/** The quoted names of a dict's entries and deletions tables. */
export function tableNames(table: string): TableNames {
  return { entries: `"${table}"`, deleted: `"${table}__deleted"` };
}

/**
 * Creates the dict's tables when missing (in one write transaction), and checks that an existing table has
 * the columns this adapter needs, so a table that belongs to something else is not written over.
 */
export function ensureSchema(db: BetterSqlite3.Database, table: string): void {
  const { entries, deleted } = tableNames(table);
  const existing = new Set(
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN (?, ?, ?)")
      .pluck()
      .all(table, `${table}__deleted`, versionsTable) as string[],
  );
  if (existing.has(table)) checkColumns(db, table);
  if (existing.size < 3) {
    db.transaction(() => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS ${entries} (
          key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS "${table}__by_version" ON ${entries} (version);
        CREATE TABLE IF NOT EXISTS ${deleted} (
          key TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS "${table}__deleted_by_version" ON ${deleted} (version);
        CREATE TABLE IF NOT EXISTS ${versionsTable} (
          dict TEXT PRIMARY KEY NOT NULL, epoch TEXT NOT NULL, counter INTEGER NOT NULL,
          horizon INTEGER NOT NULL) WITHOUT ROWID;
      `);
    }).immediate();
  }
}

/** Refuses an existing table that lacks the columns this adapter needs, before anything is written to it. */
function checkColumns(db: BetterSqlite3.Database, table: string): void {
  const columns = new Set(db.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[]);
  const missing = ["key", "value", "version"].filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new DurableDictError(
      `table ${JSON.stringify(table)} exists but is not a durabledict table (no column ${missing.join(", ")})`,
      { adapter: "sqlite" },
    );
  }
}
