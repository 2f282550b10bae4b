import type Database from "better-sqlite3";
import type { RawOperation } from "./kit.js";

/**
 * The floor of an atomic write with a version in SQLite, in the layout the sqlite adapter uses (see its
 * README, "Storage layout"): `BEGIN IMMEDIATE`; upsert the entry; insert a change-log row under the next
 * version; `COMMIT`. Two tables named after `name`, created in `db` when missing.
 */
export function sqliteFloorWrite(
  db: Database.Database,
  name: string,
): RawOperation<[key: string, payload: string]> {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${name} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${name}__changes (
      version INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (version, key)) WITHOUT ROWID;
  `);
  const upsert = db.prepare(`INSERT OR REPLACE INTO ${name} (key, value) VALUES (?, ?)`);
  const log = db.prepare(
    `INSERT INTO ${name}__changes (version, key) SELECT coalesce(max(version), 0) + 1, ? FROM ${name}__changes`,
  );
  const write = db.transaction((key: string, payload: string) => {
    upsert.run(key, payload);
    log.run(key);
  });
  return {
    name: "better-sqlite3 BEGIN IMMEDIATE; upsert; log row; COMMIT",
    run: async (key, payload) => write.immediate(key, payload),
  };
}
