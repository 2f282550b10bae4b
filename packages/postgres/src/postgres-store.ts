import type * as core from "@durabledict/core";
import { epochVersion, raced, retryWhileRaced } from "@durabledict/core/adapter";
import type pg from "pg";
import { pruneEvery } from "./change-log-sql.js";
import { installChangeLog } from "./install-change-log.js";
import { checkKey, checkPayload } from "./payload-limits.js";
import { queryRows } from "./pool-call.js";
import { listenForVersions } from "./pool-listener.js";
import { type PostgresNames, postgresNames } from "./postgres-names.js";
import type { PostgresStoreOptions } from "./postgres-store-options.js";
import { type StoreSql, storeSql } from "./store-sql.js";
import type { ColumnLimits } from "./table-columns.js";

/** Rows per page when loading the whole table, and the most changed keys a sync fetches before reloading instead. */
const pageSize = 10_000;
/** How often `setdefault` asks again when writers keep creating the key between its look and its insert. */
const setdefaultAttempts = 5;

/**
 * A durabledict store in a PostgreSQL table (`key text PRIMARY KEY, value text`, or an existing table's key and
 * value columns). The database keeps the version and a log of changed keys itself, by triggers, in the same
 * transaction as any write, by any writer, and `NOTIFY`s each new version; so a row changed with `psql`, an
 * ORM or another language reaches every dict. Every write of the store is one statement: the value, the
 * version bump and the log entry in one atomic step, reporting the version it replaced and the one it made.
 *
 * Open it with {@link PostgresStore.open}. It never ends the pool it was given; its watches share one listening
 * connection per pool, made beside it and ended with the last of them.
 */
export class PostgresStore implements core.DurableStore<string> {
  readonly name = "postgres";
  /** The server, database and table: dicts of this process on the same table hear of each other's writes at once. */
  readonly scope: string;
  /** Present unless the store was opened with `watch: false`. */
  readonly watch?: (handlers: core.WatchHandlers) => Promise<() => Promise<void>>;
  private readonly sql: StoreSql;
  private readonly timeout: number;
  private readonly watches = new Set<() => Promise<void>>();
  /** The change log's last prune, awaited by `close()`. */
  private pruning: Promise<unknown> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    /** The table, its columns and the names of what durabledict keeps beside it. */
    readonly names: PostgresNames,
    private readonly limits: ColumnLimits,
    scope: string,
    options: PostgresStoreOptions,
  ) {
    this.scope = scope;
    this.sql = storeSql(names);
    this.timeout = options.commandTimeout ?? 2000;
    if (options.watch !== false) {
      const listen = { timeout: this.timeout, heartbeat: options.watchHeartbeat ?? 2000 };
      this.watch = async (handlers) => {
        const stop = await listenForVersions(pool, names.channel, listen, handlers);
        this.watches.add(stop);
        return async () => {
          this.watches.delete(stop);
          await stop();
        };
      };
    }
  }

  /**
   * Opens the table through `pool`: creates it when missing, checks its columns, and installs the triggers
   * that keep its version and change log (idempotent, and safe when several processes open it at once).
   * Needs the rights to create tables and functions in the schema and triggers on the table.
   * @throws Error for a bad name or a table a dict cannot live in; the driver's error when the database cannot be reached.
   */
  static async open(pool: pg.Pool, options: PostgresStoreOptions): Promise<PostgresStore> {
    const timeout = options.commandTimeout ?? 2000;
    const schema =
      options.schema ??
      (
        await queryRows<{ schema: string | null }>(pool, "open", timeout, {
          text: "SELECT current_schema() AS schema",
        })
      )[0]?.schema;
    if (schema === null || schema === undefined)
      throw new Error("[durabledict:postgres] the connection has no current schema: pass schema");
    const names = postgresNames(
      schema,
      options.table,
      options.keyColumn ?? "key",
      options.valueColumn ?? "value",
    );
    const { scope, ...limits } = await installChangeLog(pool, names, timeout * 10);
    return new PostgresStore(pool, names, limits, scope, options);
  }

  /** Throws `InvalidKeyError` for a NUL character, over 2,692 bytes of UTF-8, or over a `varchar` key column's length. */
  validateKey(key: string): void {
    checkKey(key, this.limits);
  }

  /** Throws `EncodingError` for a NUL character, over 512 MiB of UTF-8, or over a `varchar` value column's length. */
  validatePayload(key: string, payload: string): void {
    checkPayload(key, payload, this.limits);
  }

  /** Upserts the row, bumps the version and logs the key in one statement. */
  async persist(key: string, payload: string): Promise<core.VersionStep | undefined> {
    const [row] = await this.run<{ version: string }>("persist", [key, payload]);
    return row && this.stepped(row.version);
  }

  /** Upserts every row with one version bump, in one statement; nothing is written for an empty map. */
  async persistMany(entries: Map<string, string>): Promise<core.VersionStep | undefined> {
    if (entries.size === 0) return undefined;
    const [row] = await this.run<{ version: string }>("persistMany", [
      [...entries.keys()],
      [...entries.values()],
    ]);
    return row && this.stepped(row.version);
  }

  /** Deletes the row and, when it existed, bumps the version, in one statement. */
  async depersist(key: string): Promise<core.DepersistResult> {
    const [row] = await this.run<{ version: string; deleted: string }>("depersist", [key]);
    return row && Number(row.deleted) > 0
      ? { existed: true, ...this.stepped(row.version) }
      : { existed: false };
  }

  /** Deletes the row and returns its payload, in one statement; `undefined`, with the version untouched, when missing. */
  async pop(key: string): Promise<core.PopResult<string> | undefined> {
    const [row] = await this.run<{ version: string; payload: string | null }>("pop", [key]);
    return row?.payload == null ? undefined : { payload: row.payload, ...this.stepped(row.version) };
  }

  /** Get-or-create in one statement: the version moves only when the key was created. */
  setdefault(key: string, payload: string): Promise<core.SetdefaultResult<string>> {
    return retryWhileRaced(`setdefault of ${JSON.stringify(key)}`, setdefaultAttempts, async () => {
      const [row] = await this.run<{
        version: string | null;
        created: string | null;
        existing: string | null;
      }>("setdefault", [key, payload]);
      if (row?.created != null && row.version !== null)
        return { payload: row.created, created: true, ...this.stepped(row.version) };
      if (row?.existing != null) return { payload: row.existing, created: false };
      // Another writer created the key after this statement's snapshot: its value is there to read now.
      return raced;
    });
  }

  /** Every row whose value is not NULL, read in pages in key order. */
  async durables(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    let after = "";
    for (let page = 0; ; page++) {
      const rows = await this.run<{ key: string; payload: string }>(page === 0 ? "firstPage" : "nextPage", [
        after,
        pageSize,
      ]);
      for (const row of rows) entries.set(row.key, row.payload);
      if (rows.length < pageSize) return entries;
      after = rows[rows.length - 1]!.key;
    }
  }

  /** `<epoch>:<counter>`; `undefined` while the table has no version (never written, or the row was lost). */
  async lastUpdated(): Promise<core.Version> {
    const [row] = await this.run<{ version: string }>("lastUpdated", []);
    return row?.version;
  }

  /**
   * The keys changed since `version` with their current payloads (a key whose row is gone, or whose value
   * is NULL, is deleted). `undefined` when the log cannot answer: another epoch, a version older than the
   * log keeps, or more than 10,000 changes (a reload is as cheap by then).
   */
  async changesSince(version: core.Version): Promise<core.StoreChanges<string> | undefined> {
    const since = epochVersion.split(version);
    if (since === undefined) return undefined;
    const rows = await this.run<{ version: string; key: string | null; payload: string | null }>(
      "changesSince",
      [since.epoch, since.counter, pageSize + 1],
    );
    if (rows.length === 0 || rows.length > pageSize) return undefined;
    const changed = new Map<string, string>();
    const deleted = new Set<string>();
    for (const { key, payload } of rows) {
      if (key === null) continue;
      if (payload === null) deleted.add(key);
      else changed.set(key, payload);
    }
    return { version: rows[0]!.version, changed, deleted: [...deleted] };
  }

  /** Ends every watch this store started and their connections, once a prune under way is done. The pool stays open. */
  async close(): Promise<void> {
    await this.pruning;
    await Promise.all([...this.watches].map((stop) => stop()));
    this.watches.clear();
  }

  /**
   * The step of a write that bumped the counter to `version`. The bump held the version row's lock, so the
   * version before it was one less in the same epoch; at counter 1 the row was just made, and before it the
   * table had no version. At each {@link pruneEvery}-th version, prunes the change log after the write, in a
   * transaction of its own (one that fails leaves the entries to the next).
   */
  private stepped(version: string): core.VersionStep {
    const { epoch, counter } = epochVersion.split(version)!;
    if (counter % pruneEvery === 0) this.pruning = this.run("prune", [counter]).catch(() => {});
    return { previous: counter > 1 ? epochVersion.format(epoch, counter - 1) : undefined, version };
  }

  private run<R extends pg.QueryResultRow>(statement: keyof StoreSql, values: unknown[]): Promise<R[]> {
    return queryRows<R>(this.pool, statement, this.timeout, {
      name: `durabledict_${this.names.tag}_${statement}`,
      text: this.sql[statement],
      values,
    });
  }
}
