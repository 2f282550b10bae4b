import { randomUUID } from "node:crypto";
import {
  type DepersistResult,
  type DurableStore,
  EncodingError,
  InvalidKeyError,
  type PopResult,
  type SetdefaultResult,
  type StoreChanges,
  type Version,
  type VersionStep,
  type WatchHandlers,
} from "@durabledict/core";
import Database from "better-sqlite3";
import { explainSqliteError } from "./sqlite-errors.js";
import { checkTableName, ensureSchema } from "./sqlite-schema.js";
import { type SqliteStatements, sqliteStatements } from "./sqlite-statements.js";
import type { SqliteStoreOptions } from "./sqlite-store-options.js";
import { counterIn, formatVersion, type VersionRow } from "./sqlite-version.js";
import { announceWrite, fileIdentity, SqliteWatcher } from "./sqlite-watcher.js";

const defaultTable = "durabledict";
const defaultDeletionWindow = 10_000;

/** A lone UTF-16 surrogate: SQLite stores text as UTF-8, which would silently turn it into U+FFFD. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What one write transaction did, when it changed anything. */
interface Committed<T> {
  result: T;
  step: VersionStep;
}

/**
 * A dict in one table of a SQLite file, shared by every process on the host that opens the file: the
 * embedded default, and the counterpart of the Python original's ModelDict.
 *
 * The table holds `key TEXT PRIMARY KEY, value TEXT, version INTEGER` (the counter at which the row last
 * changed); `<table>__deleted` remembers recent deletions; the row for the table in `durabledict_versions`
 * holds the dict's version. Every write is one `BEGIN IMMEDIATE` transaction that changes the rows and
 * bumps the version together, so a killed process leaves either all of a write or none of it.
 *
 * Given a path, the store opens the file itself (WAL mode, a busy timeout) and closes it in `close()`; given
 * a `Database`, it uses that connection as configured and never closes it. better-sqlite3 is synchronous:
 * each method runs to completion before its promise settles.
 */
export class SqliteStore implements DurableStore<string> {
  readonly name = "sqlite";
  /** The connection the store works through. */
  readonly database: Database.Database;
  /** The dict's table. */
  readonly table: string;
  private readonly ownsDatabase: boolean;
  private readonly deletionWindow: number;
  private readonly file: unknown;
  private readonly watcher: SqliteWatcher | undefined;
  /**
   * Present when `watchInterval` was given: tells the handlers of every commit to the file, at once for
   * writes through any connection in this process, within `watchInterval` for writes by other processes.
   * Resolves to a function that ends the subscription.
   */
  readonly watch?: (handlers: WatchHandlers) => Promise<() => Promise<void>>;
  private statements: SqliteStatements | undefined;

  /**
   * @param fileOrDatabase - a path to open (created if missing; its folder must exist), or a better-sqlite3
   *   `Database` the caller keeps ownership of.
   * @throws `DurableDictError` for an invalid table name; for a path, the error opening it (saying why:
   *   read-only, locked, missing folder). `openSqliteDict` reports the latter as `StoreUnavailableError`.
   */
  constructor(fileOrDatabase: string | Database.Database, options: SqliteStoreOptions = {}) {
    this.table = options.table ?? defaultTable;
    checkTableName(this.table);
    this.ownsDatabase = typeof fileOrDatabase === "string";
    this.database = typeof fileOrDatabase === "string" ? openFile(fileOrDatabase, options) : fileOrDatabase;
    this.deletionWindow = options.deletionWindow ?? defaultDeletionWindow;
    this.file = fileIdentity(this.database);
    if (options.watchInterval !== undefined) {
      const watcher = new SqliteWatcher(this.database, this.file, options.watchInterval);
      this.watcher = watcher;
      this.watch = async (handlers) => {
        const unsubscribe = this.call(() => watcher.add(handlers));
        return async () => unsubscribe();
      };
    }
  }

  /** Refuses keys with lone surrogates: SQLite's UTF-8 text would store a different key. */
  validateKey(key: string): void {
    if (loneSurrogate.test(key)) {
      throw new InvalidKeyError(
        key,
        "contains a lone UTF-16 surrogate, which SQLite text cannot hold",
        this.name,
      );
    }
  }

  /** Refuses payloads with lone surrogates, which SQLite's UTF-8 text would change. */
  validatePayload(key: string, payload: string): void {
    if (typeof payload !== "string" || loneSurrogate.test(payload)) {
      throw new EncodingError(key, "the payload is not well-formed text, which SQLite would change", {
        adapter: this.name,
      });
    }
  }

  /** Inserts or replaces the row and bumps the version in one transaction; resolves once committed. */
  async persist(key: string, payload: string): Promise<VersionStep> {
    return this.write((s, counter) => s.upsert(key, payload, counter))!.step;
  }

  /** Writes every entry in one transaction with one version step; nothing of it lands if any row fails. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    if (entries.size === 0) return undefined;
    return this.write((s, counter) => {
      for (const [key, payload] of entries) s.upsert(key, payload, counter);
      return true;
    })!.step;
  }

  /** Deletes the row and records the deletion; the version moves only when the key existed. */
  async depersist(key: string): Promise<DepersistResult> {
    const committed = this.write((s, counter) => s.remove(key, counter) !== undefined || undefined);
    return committed === undefined ? { existed: false } : { existed: true, ...committed.step };
  }

  /** Deletes the row and returns its payload in one transaction: concurrent pops, one winner. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    const committed = this.write((s, counter) => s.remove(key, counter));
    return committed && { payload: committed.result, ...committed.step };
  }

  /** Reads, and inserts when missing, in one write transaction; the version moves only on insert. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    let existing: string | undefined;
    const committed = this.write((s, counter) => {
      existing = s.value(key);
      if (existing !== undefined) return undefined;
      s.upsert(key, payload, counter);
      return true;
    });
    if (committed === undefined) return { payload: existing!, created: false };
    return { payload, created: true, ...committed.step };
  }

  /** Every row of the table, key to payload (read as text, so a foreign blob reaches the decoder). */
  async durables(): Promise<Map<string, string>> {
    return this.call((s) => new Map(s.all()));
  }

  /** The dict's version `<epoch>:<counter>` from one primary-key lookup, or `undefined` before any write. */
  async lastUpdated(): Promise<Version> {
    return this.call((s) => formatVersion(s.version()));
  }

  /**
   * The rows and deletions newer than `since`, read in one transaction through the version indexes.
   * `undefined` for a version of another epoch, or older than the remembered deletions.
   */
  async changesSince(since: Version): Promise<StoreChanges<string> | undefined> {
    return this.call((s) =>
      this.database
        .transaction(() => {
          const row = s.version();
          if (row === undefined) return undefined;
          const seen = counterIn(since, row);
          if (seen === undefined || seen > row.counter || seen < row.horizon) return undefined;
          return {
            version: formatVersion(row),
            changed: new Map(s.changedAfter(seen)),
            deleted: s.deletedAfter(seen),
          };
        })
        .deferred(),
    );
  }

  /** Stops the watch, and closes the database when the store opened it from a path. */
  async close(): Promise<void> {
    this.watcher?.stop();
    if (this.ownsDatabase && this.database.open) this.database.close();
  }

  /** Runs one write transaction: `change` returns `undefined` when it changed nothing (no version bump). */
  private write<T>(
    change: (s: SqliteStatements, counter: number) => T | undefined,
  ): Committed<T> | undefined {
    const committed = this.call((s) =>
      this.database
        .transaction((): Committed<T> | undefined => {
          const row = s.version();
          const counter = (row?.counter ?? s.highestRowVersion()) + 1;
          const result = change(s, counter);
          if (result === undefined) return undefined;
          const next: VersionRow = row
            ? { ...row, counter }
            : { epoch: randomUUID(), counter, horizon: counter - 1 };
          next.horizon = Math.max(next.horizon, s.forgetDeletions(counter - this.deletionWindow));
          s.saveVersion(next);
          return { result, step: { previous: formatVersion(row), version: formatVersion(next) } };
        })
        .immediate(),
    );
    if (committed !== undefined) announceWrite(this.file);
    return committed;
  }

  /** Runs `work` with the prepared statements (preparing the schema once), explaining driver errors. */
  private call<T>(work: (s: SqliteStatements) => T): T {
    try {
      if (this.statements === undefined) {
        ensureSchema(this.database, this.table);
        this.statements = sqliteStatements(this.database, this.table);
      }
      return work(this.statements);
    } catch (error) {
      throw explainSqliteError(error, this.database.name);
    }
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
