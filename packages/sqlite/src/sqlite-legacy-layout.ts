import type BetterSqlite3 from "better-sqlite3";

/**
 * The table of the layout before the change log that held every dict's epoch and counter; beside it,
 * `<table>` carried a `version` column (indexed by `<table>__by_version`) and `<table>__deleted` remembered
 * deletions. Files may hold it until each of their dicts is opened, so no dict may take its name.
 */
export const legacyVersionsTable = "durabledict_versions";

/** Whether a dict's table, by its columns, is of the earlier layout. */
export function isLegacyLayout(columns: ReadonlySet<string>): boolean {
  return columns.has("version");
}

/**
 * Turns a dict of the earlier layout into the current one, inside the caller's write transaction: drops the
 * version column, the deletions table and the dict's version row (dropping the versions table with its last
 * row). Entries are kept as they are. The dict has no version until its next write, which starts a new
 * epoch: a reader that held an old version reloads once.
 */
export function migrateLegacyLayout(db: BetterSqlite3.Database, table: string): void {
  db.exec(`
    DROP INDEX IF EXISTS "${table}__by_version";
    DROP TABLE IF EXISTS "${table}__deleted";
    ALTER TABLE "${table}" DROP COLUMN version;
  `);
  const versions = db
    .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND lower(name) = ?")
    .pluck()
    .get(legacyVersionsTable);
  if (versions === 0) return;
  // Table names were not folded then: `Flags` and `flags` may each have left a row for this one table.
  db.prepare(`DELETE FROM ${legacyVersionsTable} WHERE lower(dict) = ?`).run(table);
  if (db.prepare(`SELECT count(*) FROM ${legacyVersionsTable}`).pluck().get() === 0)
    db.exec(`DROP TABLE ${legacyVersionsTable}`);
}
