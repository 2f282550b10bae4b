import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DurableDict, DurableDictOptions, DurableStore } from "@durabledict/core";
import Database from "better-sqlite3";
import type { KitFactory } from "./kit.js";
import { loadAdapter, memoize } from "./load-adapter.js";
import { sqliteFloorWrite } from "./sqlite-floor.js";

interface SqliteApi {
  openSqliteDict<V>(
    file: string,
    options: DurableDictOptions & { table?: string; watchInterval?: number },
  ): Promise<DurableDict<V>>;
  SqliteStore: new (file: string, options: { table?: string }) => DurableStore;
}

/** How often a watching SQLite store polls the file for other processes' commits, in ms. */
const watchInterval = 25;

const load = memoize(() => loadAdapter<SqliteApi>("@durabledict/sqlite", ["openSqliteDict", "SqliteStore"]));

/** The file of a namespace: one SQLite file each, in the temp folder, so parent and child find it alike. */
function fileOf(namespace: string): string {
  return join(tmpdir(), `durabledict-${namespace}.sqlite`);
}

function removeFile(file: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * SQLite: every dict opens its own connection to one file (WAL, as the adapter opens it), as processes on
 * one host would. The raw driver is better-sqlite3 on another connection to the same file.
 */
export const sqliteKit: KitFactory = {
  adapter: "sqlite",
  needs: [],
  shared: true,
  targets: { strictRead: 0.75, write: 0.6 },
  async unavailable() {
    const loaded = await load();
    return "why" in loaded ? loaded.why : undefined;
  },
  async create(_servers, namespace) {
    const loaded = await load();
    if ("why" in loaded) throw new Error(loaded.why);
    const { openSqliteDict, SqliteStore } = loaded.module;
    const file = fileOf(namespace);
    const table = namespace.replaceAll(/[^A-Za-z0-9_]/g, "_");
    const db = new Database(file, { timeout: 5000 });
    db.pragma("journal_mode = wal");
    db.exec(
      `CREATE TABLE IF NOT EXISTS raw_${table} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID`,
    );
    db.prepare(`INSERT OR REPLACE INTO raw_${table} (key, value) VALUES ('probe', '{}')`).run();
    const select = db.prepare(`SELECT value FROM raw_${table} WHERE key = 'probe'`).pluck();
    const upsert = db.prepare(`INSERT OR REPLACE INTO raw_${table} (key, value) VALUES (?, ?)`);
    const floorWrite = sqliteFloorWrite(db, `floor_${table}`);
    const stores: DurableStore[] = [];
    let dropped = false;
    return {
      adapter: "sqlite",
      namespace,
      watches: true,
      // The watch is opt-in (a poll of the file every `watchInterval` ms): asked for, it polls every 25 ms.
      openDict: (options) =>
        openSqliteDict(file, { table, ...options, ...(options?.watch ? { watchInterval } : {}) }),
      async openStore() {
        const store = new SqliteStore(file, { table });
        stores.push(store);
        return store;
      },
      rawRead: { name: "better-sqlite3 SELECT one row", run: async () => select.get() },
      rawWrite: {
        name: "better-sqlite3 INSERT OR REPLACE (autocommit)",
        run: async (key, payload) => upsert.run(key, payload),
      },
      floorWrite,
      // The file goes once every connection of this kit is closed, so nothing writes to a deleted file.
      async drop() {
        dropped = true;
        if (!db.open) removeFile(file);
      },
      async close() {
        for (const store of stores.splice(0)) await store.close?.();
        db.close();
        if (dropped) removeFile(file);
      },
    };
  },
};
