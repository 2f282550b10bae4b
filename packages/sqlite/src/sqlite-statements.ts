import type BetterSqlite3 from "better-sqlite3";
import { epochsTable, tableNames } from "./sqlite-schema.js";

/** The queries a store runs, prepared once per connection. Callers supply the transactions. */
export interface SqliteStatements {
  /**
   * The dict's version `<epoch>:<counter>`, read as one value: the dict's epoch and the highest version in
   * its change log. `undefined` before the first write, or when the epoch row or the change log was lost.
   */
  version(): string | undefined;
  /** The dict's epoch and the highest version in its change log, each `null` when missing. */
  head(): [epoch: string | null, newest: number | null];
  /** {@link SqliteStatements.head}, and the lowest version still in the change log. */
  span(): [epoch: string | null, newest: number | null, oldest: number | null];
  /** Starts `epoch` for the dict, replacing a previous one. */
  saveEpoch(epoch: string): void;
  /** The payload under `key`, or `undefined`. */
  value(key: string): string | undefined;
  /** Every entry, key to payload. */
  all(): [string, string][];
  /** Creates or replaces `key`. */
  upsert(key: string, payload: string): void;
  /** Deletes `key`; whether it existed. */
  remove(key: string): boolean;
  /** Deletes `key`; the payload it had, or `undefined`. */
  take(key: string): string | undefined;
  /** Records in the change log that `key` changed (or was deleted) at `version`. */
  log(version: number, key: string): void;
  /** Forgets the changes at or below `version`. */
  prune(version: number): void;
  /** Each key changed after `version`, with its payload now, or `null` when it is deleted now. */
  changedAfter(version: number): [string, string | null][];
}

/**
 * Payloads are read as text, so a row holding a blob or a number reaches the decoder (and fails there
 * alone). The dict's name is written into the SQL as a literal (it is checked against a strict pattern), so
 * the hot statements bind nothing they need not.
 */
export function sqliteStatements(db: BetterSqlite3.Database, table: string): SqliteStatements {
  const { entries, changes, dict } = tableNames(table);
  const newest = `(SELECT max(version) FROM ${changes})`;
  const epochRow = `FROM ${epochsTable} WHERE dict = ${dict}`;
  const version = db.prepare(`SELECT epoch || ':' || ${newest} ${epochRow}`).pluck();
  const head = db.prepare(`SELECT epoch, ${newest} ${epochRow}`).raw();
  const newestAlone = db.prepare(`SELECT ${newest}`).pluck();
  const span = db.prepare(`SELECT epoch, ${newest}, (SELECT min(version) FROM ${changes}) ${epochRow}`).raw();
  const saveEpoch = db.prepare(`INSERT OR REPLACE INTO ${epochsTable} (dict, epoch) VALUES (${dict}, ?)`);
  const selectValue = db.prepare(`SELECT CAST(value AS TEXT) FROM ${entries} WHERE key = ?`).pluck();
  const selectAll = db.prepare(`SELECT key, CAST(value AS TEXT) FROM ${entries}`).raw();
  // REPLACE rather than an upsert: on a table of key and value alone it is the same row, and it runs faster.
  const upsert = db.prepare(`INSERT OR REPLACE INTO ${entries} (key, value) VALUES (?, ?)`);
  const remove = db.prepare(`DELETE FROM ${entries} WHERE key = ?`);
  // RETURNING only ever runs inside a write transaction: its COMMIT, not this statement, ends the write,
  // so SQLite's automatic checkpoint still runs.
  const take = db.prepare(`DELETE FROM ${entries} WHERE key = ? RETURNING CAST(value AS TEXT)`).pluck();
  const log = db.prepare(`INSERT INTO ${changes} (version, key) VALUES (?, ?)`);
  const prune = db.prepare(`DELETE FROM ${changes} WHERE version <= ?`);
  const changed = db
    .prepare(
      `SELECT c.key, CAST(e.value AS TEXT) FROM (SELECT DISTINCT key FROM ${changes} WHERE version > ?) AS c
       LEFT JOIN ${entries} AS e ON e.key = c.key`,
    )
    .raw();

  return {
    version: () => (version.get() as string | null | undefined) ?? undefined,
    // Without an epoch row the statement finds no row: the log may still hold versions.
    head: () =>
      (head.get() as [string, number | null] | undefined) ?? [null, newestAlone.get() as number | null],
    span: () => (span.get() as [string, number | null, number | null] | undefined) ?? [null, null, null],
    saveEpoch: (value) => void saveEpoch.run(value),
    value: (key) => selectValue.get(key) as string | undefined,
    all: () => selectAll.all() as [string, string][],
    upsert: (key, payload) => void upsert.run(key, payload),
    remove: (key) => remove.run(key).changes > 0,
    take: (key) => take.get(key) as string | undefined,
    log: (at, key) => void log.run(at, key),
    prune: (at) => void prune.run(at),
    changedAfter: (at) => changed.all(at) as [string, string | null][],
  };
}
