import { readFileSync } from "node:fs";
import Database from "better-sqlite3";

const dump = readFileSync(new URL("../fixtures/legacy-layout.sql", import.meta.url), "utf8");

/** The entries of the dict "durabledict" in the legacy file, as a dict reads them, sorted by key. */
export const legacyEntries = [
  ["a", 1],
  ["b", { x: [1, 2] }],
  ["d", 4],
  ["é😀", "accents and emoji"],
];

/**
 * Makes `file` a copy of a file the earlier layout wrote (`fixtures/legacy-layout.sql`), in WAL mode as
 * that store left the files it opened.
 */
export function writeLegacyFile(file: string): void {
  const db = new Database(file);
  db.exec(dump);
  db.pragma("journal_mode = wal");
  db.close();
}

/** The tables of `file` and the columns of each, to compare layouts. */
export function layoutOf(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const layout = Object.fromEntries(
    tables.map((table) => [
      table,
      db.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[],
    ]),
  );
  db.close();
  return layout;
}
