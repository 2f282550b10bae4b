import type {
  DepersistResult,
  DurableStore,
  PopResult,
  SetdefaultResult,
  StoreChanges,
  Version,
  VersionStep,
  WatchHandlers,
} from "@durabledict/core";
import { epochVersion } from "@durabledict/core/adapter";
import Database from "better-sqlite3";
import { explainSqliteError, notApplied } from "./sqlite-errors.js";
import { ensureSchema, foldTableName } from "./sqlite-schema.js";
import { sqliteScope } from "./sqlite-scope.js";
import { type SqliteStatements, sqliteStatements } from "./sqlite-statements.js";
import type { SqliteStoreOptions } from "./sqlite-store-options.js";
import { SqliteWatcher } from "./sqlite-watcher.js";
import { SqliteWriteTransaction } from "./sqlite-write-transaction.js";

const defaultTable = "durabledict";
const defaultDeletionWindow = 10_000;
/** The change log is pruned once every this fraction of the window, not on every write. */
const prunesPerWindow = 16;

/** What one write transaction did, when it changed anything. */
interface Committed<T> {
  result: T;
  step: VersionStep;
}

/**
 * A dict in one table of a SQLite file, shared by every process on the host that opens the file: the
 * embedded default, and the counterpart of the Python original's ModelDict.
 *
 * The table holds `key TEXT PRIMARY KEY, value TEXT`; `<table>__changes` logs the key each version changed,
 * and the highest version in it is the dict's counter; the dict's row in `durabledict_epochs` holds the
 * epoch its counter runs in. Every write is one `BEGIN IMMEDIATE` transaction that changes the entry and
 * logs it under the next version, so a killed process leaves either all of a write or none of it.
 *
 * Given a path, the store opens the file itself (WAL mode, a busy timeout) and closes it in `close()`; given
 * a `Database`, it uses that connection as configured and never closes it. better-sqlite3 is synchronous:
 * each method runs to completion before its promise settles.
 */
export class SqliteStore implements DurableStore<string> {
  readonly name = "sqlite";
  /** The connection the store works through. */
  readonly database: Database.Database;
  /** The dict's table, folded to lower case as SQLite compares table names. */
  readonly table: string;
  /** The file's real path and the table; undefined for an in-memory database (the store is its own scope). */
  readonly scope: string | undefined;
  private readonly ownsDatabase: boolean;
  /** Versions kept in the change log; pruned once every `pruneEvery` versions. */
  private readonly window: number;
  private readonly pruneEvery: number;
  private readonly watcher: SqliteWatcher | undefined;
  /**
   * Present when `watchInterval` was given and the database is a file: tells the handlers of commits by
   * other connections to the file within `watchInterval`. Resolves to a function that ends the subscription.
   */
  readonly watch?: (handlers: WatchHandlers) => Promise<() => Promise<void>>;
  private statements: SqliteStatements | undefined;
  private transaction: SqliteWriteTransaction | undefined;

  /**
   * @param fileOrDatabase - a path to open (created if missing; its folder must exist), or a better-sqlite3
   *   `Database` the caller keeps ownership of.
   * @throws `DurableDictError` for an invalid table name; for a path, the error opening it (saying why:
   *   read-only, locked, missing folder). `openSqliteDict` reports the latter as `StoreUnavailableError`.
   */
  constructor(fileOrDatabase: string | Database.Database, options: SqliteStoreOptions = {}) {
    this.table = foldTableName(options.table ?? defaultTable);
    this.ownsDatabase = typeof fileOrDatabase === "string";
    this.database = typeof fileOrDatabase === "string" ? openFile(fileOrDatabase, options) : fileOrDatabase;
    this.scope = sqliteScope(this.database, this.table);
    this.window = Math.max(1, options.deletionWindow ?? defaultDeletionWindow);
    this.pruneEvery = Math.ceil(this.window / prunesPerWindow);
    // Only a file can be written by another connection; an in-memory database is checked at each read.
    if (options.watchInterval !== undefined && !this.database.memory) {
      const watcher = new SqliteWatcher(this.database, () => this.lastUpdatedSync(), options.watchInterval);
      this.watcher = watcher;
      this.watch = async (handlers) => {
        const unsubscribe = this.call(() => watcher.add(handlers));
        return async () => unsubscribe();
      };
    }
  }

  /** Upserts the entry and logs it under the next version, in one transaction; resolves once committed. */
  async persist(key: string, payload: string): Promise<VersionStep> {
    return this.write((s, version) => {
      s.upsert(key, payload);
      s.log(version, key);
      return true;
    })!.step;
  }

  /** Writes every entry in one transaction under one version; nothing of it lands if any row fails. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    if (entries.size === 0) return undefined;
    return this.write((s, version) => {
      for (const [key, payload] of entries) {
        s.upsert(key, payload);
        s.log(version, key);
      }
      return true;
    })!.step;
  }

  /** Deletes the entry and logs the deletion; the version moves only when the key existed. */
  async depersist(key: string): Promise<DepersistResult> {
    const committed = this.write((s, version) => {
      if (!s.remove(key)) return undefined;
      s.log(version, key);
      return true;
    });
    return committed === undefined ? { existed: false } : { existed: true, ...committed.step };
  }

  /** Deletes the entry and returns its payload in one transaction: concurrent pops, one winner. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    const committed = this.write((s, version) => {
      const payload = s.take(key);
      if (payload !== undefined) s.log(version, key);
      return payload;
    });
    return committed && { payload: committed.result, ...committed.step };
  }

  /** Reads, and inserts when missing, in one write transaction; the version moves only on insert. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    let existing: string | undefined;
    const committed = this.write((s, version) => {
      existing = s.value(key);
      if (existing !== undefined) return undefined;
      s.upsert(key, payload);
      s.log(version, key);
      return true;
    });
    if (committed === undefined) return { payload: existing!, created: false };
    return { payload, created: true, ...committed.step };
  }

  /** Every row of the table, key to payload (read as text, so a foreign blob reaches the decoder). */
  async durables(): Promise<Map<string, string>> {
    return this.call((s) => new Map(s.all()));
  }

  /** The dict's version `<epoch>:<counter>`; see {@link SqliteStore.lastUpdatedSync}. */
  async lastUpdated(): Promise<Version> {
    return this.lastUpdatedSync();
  }

  /**
   * The dict's version `<epoch>:<counter>`, read as one value by one statement (the epoch row and the
   * highest version in the change log, both primary-key lookups), or `undefined` before any write.
   */
  lastUpdatedSync(): Version {
    return this.call((s) => s.version());
  }

  /**
   * The entries changed and deleted after `since`, read in one transaction from the change log: O(changes).
   * `undefined` for a version of another epoch, or older than the log remembers.
   */
  async changesSince(since: Version): Promise<StoreChanges<string> | undefined> {
    return this.call((s) =>
      this.database
        .transaction(() => {
          const [epoch, newest, oldest] = s.span();
          if (epoch === null || newest === null || oldest === null) return undefined;
          const seen = epochVersion.counterIn(since, epoch);
          // The log holds every version from `oldest` on: it can answer for `oldest - 1` and later.
          if (seen === undefined || seen > newest || seen < oldest - 1) return undefined;
          const changed = new Map<string, string>();
          const deleted: string[] = [];
          for (const [key, payload] of s.changedAfter(seen)) {
            if (payload === null) deleted.push(key);
            else changed.set(key, payload);
          }
          return { version: epochVersion.format(epoch, newest), changed, deleted };
        })
        .deferred(),
    );
  }

  /** Stops the watch, and closes the database when the store opened it from a path. */
  async close(): Promise<void> {
    this.watcher?.stop();
    if (this.ownsDatabase && this.database.open) this.database.close();
  }

  /**
   * Runs one write transaction under the next version: `change` returns `undefined` when it changed nothing
   * (no version bump). A dict without an epoch, or with an empty change log (lost, or never written), starts
   * a new epoch, so a version never repeats one a reader may hold.
   */
  private write<T>(
    change: (s: SqliteStatements, version: number) => T | undefined,
  ): Committed<T> | undefined {
    let s: SqliteStatements;
    try {
      s = this.prepared();
    } catch (error) {
      throw notApplied(error, this.database.name);
    }
    return this.transaction!.run(() => {
      const [epoch, newest] = s.head();
      const version = (newest ?? 0) + 1;
      const result = change(s, version);
      if (result === undefined) return undefined;
      const previous = epoch !== null && newest !== null ? epochVersion.format(epoch, newest) : undefined;
      const current = previous === undefined ? this.startEpoch(s) : epoch!;
      if (version % this.pruneEvery === 0) s.prune(version - this.window);
      return { result, step: { previous, version: epochVersion.format(current, version) } };
    });
  }

  /** Starts a new epoch for the dict, inside the write transaction. */
  private startEpoch(s: SqliteStatements): string {
    const epoch = epochVersion.newEpoch();
    s.saveEpoch(epoch);
    return epoch;
  }

  /** Runs `work` with the prepared statements, explaining driver errors. */
  private call<T>(work: (s: SqliteStatements) => T): T {
    try {
      return work(this.prepared());
    } catch (error) {
      throw explainSqliteError(error, this.database.name);
    }
  }

  /** The statements, preparing the schema (creating or migrating it) at the first call. */
  private prepared(): SqliteStatements {
    if (this.statements === undefined) {
      ensureSchema(this.database, this.table);
      this.transaction = new SqliteWriteTransaction(this.database);
      this.statements = sqliteStatements(this.database, this.table);
    }
    return this.statements;
  }
}

/** Opens a file for a store that owns it, with the busy timeout and the journal mode asked for. */
function openFile(file: string, options: SqliteStoreOptions): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeout ?? 5000 });
    const mode = options.journalMode ?? "wal";
    if (db.pragma("journal_mode", { simple: true }) !== mode) setJournalMode(db, mode);
    return db;
  } catch (error) {
    db?.close();
    throw explainSqliteError(error, file);
  }
}

/** Switches the journal mode, except on a file SQLite could open only for reading: it still serves reads. */
function setJournalMode(db: Database.Database, mode: string): void {
  try {
    db.pragma(`journal_mode = ${mode}`);
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith("SQLITE_READONLY")) throw error;
  }
}
