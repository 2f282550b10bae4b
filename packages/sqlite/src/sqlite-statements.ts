import type BetterSqlite3 from "better-sqlite3";
import { tableNames, versionsTable } from "./sqlite-schema.js";
import type { VersionRow } from "./sqlite-version.js";

/** The queries a store runs, prepared once per connection. Callers supply the transactions. */
export interface SqliteStatements {
  /** The dict's version row, or `undefined` when it is missing (never written, or lost). */
  version(): VersionRow | undefined;
  /** Creates or replaces the dict's version row. */
  saveVersion(row: VersionRow): void;
  /** The highest row version in the tables, so a recreated version row never reuses a counter. */
  highestRowVersion(): number;
  /** The payload under `key`, or `undefined`. */
  value(key: string): string | undefined;
  /** Every entry, key to payload. */
  all(): [string, string][];
  /** Writes `key` at `counter`, and forgets an earlier deletion of it. */
  upsert(key: string, payload: string, counter: number): true;
  /** Deletes `key`, remembering the deletion at `counter`; returns the payload it had, or `undefined`. */
  remove(key: string, counter: number): string | undefined;
  /** Forgets deletions at or below `counter`; returns `counter` if any was forgotten, else 0. */
  forgetDeletions(counter: number): number;
  /** The entries written after `counter`. */
  changedAfter(counter: number): [string, string][];
  /** The keys deleted after `counter`. */
  deletedAfter(counter: number): string[];
}

/** Payloads are read as text, so a row holding a blob or a number reaches the decoder (and fails there alone). */
export function sqliteStatements(db: BetterSqlite3.Database, table: string): SqliteStatements {
  const { entries, deleted } = tableNames(table);
  const selectVersion = db.prepare(`SELECT epoch, counter, horizon FROM ${versionsTable} WHERE dict = ?`);
  const upsertVersion = db.prepare(
    `INSERT INTO ${versionsTable} (dict, epoch, counter, horizon) VALUES (?, ?, ?, ?)
     ON CONFLICT (dict) DO UPDATE SET epoch = excluded.epoch, counter = excluded.counter, horizon = excluded.horizon`,
  );
  const highest = db
    .prepare(
      `SELECT max(coalesce((SELECT max(version) FROM ${entries}), 0),
                  coalesce((SELECT max(version) FROM ${deleted}), 0))`,
    )
    .pluck();
  const selectValue = db.prepare(`SELECT CAST(value AS TEXT) FROM ${entries} WHERE key = ?`).pluck();
  const selectAll = db.prepare(`SELECT key, CAST(value AS TEXT) FROM ${entries}`).raw();
  const upsertEntry = db.prepare(
    `INSERT INTO ${entries} (key, value, version) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version`,
  );
  const unforget = db.prepare(`DELETE FROM ${deleted} WHERE key = ?`);
  const deleteEntry = db
    .prepare(`DELETE FROM ${entries} WHERE key = ? RETURNING CAST(value AS TEXT)`)
    .pluck();
  const remember = db.prepare(`INSERT OR REPLACE INTO ${deleted} (key, version) VALUES (?, ?)`);
  const forget = db.prepare(`DELETE FROM ${deleted} WHERE version <= ?`);
  const changed = db.prepare(`SELECT key, CAST(value AS TEXT) FROM ${entries} WHERE version > ?`).raw();
  const deletedKeys = db.prepare(`SELECT key FROM ${deleted} WHERE version > ?`).pluck();

  return {
    version: () => selectVersion.get(table) as VersionRow | undefined,
    saveVersion: (row) => void upsertVersion.run(table, row.epoch, row.counter, row.horizon),
    highestRowVersion: () => highest.get() as number,
    value: (key) => selectValue.get(key) as string | undefined,
    all: () => selectAll.all() as [string, string][],
    upsert(key, payload, counter) {
      upsertEntry.run(key, payload, counter);
      unforget.run(key);
      return true;
    },
    remove(key, counter) {
      const payload = deleteEntry.get(key) as string | undefined;
      if (payload !== undefined) remember.run(key, counter);
      return payload;
    },
    forgetDeletions: (counter) => (forget.run(counter).changes > 0 ? counter : 0),
    changedAfter: (counter) => changed.all(counter) as [string, string][],
    deletedAfter: (counter) => deletedKeys.all(counter) as string[],
  };
}
