import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

/**
 * The store's `scope`: the file's real path and the table, so every dict of this process over that table
 * hears of the others' writes at once, whichever connection each uses. An in-memory database has no path,
 * and no connection but its own can reach it: its store keeps the default scope (the store object itself).
 */
export function sqliteScope(db: BetterSqlite3.Database, table: string): string | undefined {
  if (db.memory) return undefined;
  let path: string;
  try {
    path = realpathSync(db.name);
  } catch {
    path = resolve(db.name);
  }
  return JSON.stringify([path, table]);
}
