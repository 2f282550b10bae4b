import { DurableDictError } from "@durabledict/core";
import type BetterSqlite3 from "better-sqlite3";
import { isLegacyLayout, legacyVersionsTable, migrateLegacyLayout } from "./sqlite-legacy-layout.js";

/** The table holding every dict's epoch in a file: one row per dict. */
export const epochsTable = "durabledict_epochs";

/** What a dict's change log is called: `<table>__changes`. */
const changesSuffix = "__changes";

const tableNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Checks a table name and folds it to lower case, as SQLite compares names: `Flags` and `flags` are one
 * table to SQLite, so they must be one dict, with one version. Names are checked against a strict pattern
 * (and then quoted anyway), so a name can never carry SQL of its own.
 * @throws `DurableDictError` for a name that is not usable.
 */
export function foldTableName(table: string): string {
  const valid = typeof table === "string" && tableNamePattern.test(table);
  const folded = valid ? table.toLowerCase() : "";
  const reason = !valid
    ? "use 1 to 64 letters, digits or _, starting with a letter or _"
    : folded.startsWith("sqlite_")
      ? "names starting with sqlite_ are reserved by SQLite"
      : folded === epochsTable || folded === legacyVersionsTable
        ? `${folded} holds the dicts' versions`
        : folded.endsWith(changesSuffix)
          ? `names ending in ${changesSuffix} hold the dicts' change logs`
          : undefined;
  if (reason !== undefined) {
    throw new DurableDictError(`invalid table name ${JSON.stringify(table)}: ${reason}`, {
      adapter: "sqlite",
    });
  }
  return folded;
}

/** The names a dict's storage uses in its file: quoted for SQL, and the dict's key in the epochs table. */
export interface TableNames {
  entries: string;
  changes: string;
  /** The table name as an SQL string literal, the dict's key in {@link epochsTable}. */
  dict: string;
}

/** The names of a dict's tables, from its folded, checked name. */
export function tableNames(table: string): TableNames {
  return { entries: `"${table}"`, changes: `"${table}${changesSuffix}"`, dict: `'${table}'` };
}

/**
 * Makes the dict's tables ready, in one `BEGIN IMMEDIATE` transaction when anything is missing: creates
 * them, or migrates a table of the earlier layout. Every step is checked again inside the transaction, so
 * processes opening one file at once each find either the old layout or the new one, never half of it.
 * Does not write when all is in place, so a read-only file whose tables exist can be read.
 * @throws `DurableDictError` for a table that belongs to something else, or one of the earlier layout in a
 *   file that cannot be written.
 */
export function ensureSchema(db: BetterSqlite3.Database, table: string): void {
  const found = inspect(db, table);
  if (found === "ready") return;
  try {
    db.transaction(() => {
      if (inspect(db, table) === "legacy") migrateLegacyLayout(db, table);
      create(db, table);
    }).immediate();
  } catch (error) {
    const readonly = String((error as { code?: unknown }).code).startsWith("SQLITE_READONLY");
    if (found !== "legacy" || !readonly) throw error;
    throw new DurableDictError(
      `table ${JSON.stringify(table)} has the layout of an earlier @durabledict/sqlite, which is migrated on open; this connection cannot write the file (open it once with write access)`,
      { adapter: "sqlite", cause: error },
    );
  }
}

/**
 * What the file holds for `table`: every table in place, a table of the earlier layout, or something to
 * create. Refuses a table that lacks the columns of a dict, before anything is written to it.
 */
function inspect(db: BetterSqlite3.Database, table: string): "ready" | "legacy" | "incomplete" {
  const columns = new Set(db.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[]);
  if (columns.size > 0) {
    const missing = ["key", "value"].filter((column) => !columns.has(column));
    if (missing.length > 0) {
      throw new DurableDictError(
        `table ${JSON.stringify(table)} exists but is not a durabledict table (no column ${missing.join(", ")})`,
        { adapter: "sqlite" },
      );
    }
    if (isLegacyLayout(columns)) return "legacy";
  }
  const present = db
    .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND lower(name) IN (?, ?, ?)")
    .pluck()
    .get(table, `${table}${changesSuffix}`, epochsTable);
  return present === 3 ? "ready" : "incomplete";
}

/** Creates whatever of the dict's tables is missing. */
function create(db: BetterSqlite3.Database, table: string): void {
  const { entries, changes } = tableNames(table);
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${entries} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${changes} (
      version INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (version, key)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${epochsTable} (dict TEXT PRIMARY KEY NOT NULL, epoch TEXT NOT NULL) WITHOUT ROWID;
  `);
}
