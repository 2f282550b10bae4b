import type { DurableStore } from "@durabledict/core";
import type { ConformanceFixture, ConformanceTarget } from "@durabledict/test-suite";
import Database from "better-sqlite3";
import { SqliteStore, type SqliteStoreOptions } from "../src/index.js";
import { scratchFile } from "./support/scratch-file.js";

/** Short enough that a check during an outage fails fast: better-sqlite3 blocks the thread while it waits. */
const busyTimeout = 50;

/**
 * A conformance target on a SQLite file, each store its own connection as another process would have,
 * watching the file when `watch` is set. `openStore` may put each store in a process of its own.
 * `outage` locks the file from another connection with `BEGIN EXCLUSIVE`, so every call on it fails with
 * `SQLITE_BUSY` after the busy timeout, until that connection commits and closes.
 */
export function sqliteTarget(
  journalMode: "wal" | "delete",
  watch: boolean,
  openStore: (file: string, options: SqliteStoreOptions) => Promise<DurableStore<string>> = async (
    file,
    options,
  ) => new SqliteStore(file, options),
): ConformanceTarget {
  const watchInterval = watch ? 10 : undefined;
  return {
    name: "sqlite",
    invalidKeys: ["\uD800", "lone \uDC00 low surrogate"],
    propagationTimeout: 2000,
    async setup(): Promise<ConformanceFixture> {
      const { file, remove } = scratchFile();
      const raw = new Database(file, { timeout: 5000 });
      raw.pragma(`journal_mode = ${journalMode}`);
      const seed = new SqliteStore(raw);
      await seed.lastUpdated();
      let locker: Database.Database | undefined;
      return {
        openStore: () => openStore(file, { busyTimeout, journalMode, watchInterval }),
        rawGet: async (key) =>
          raw.prepare("SELECT value FROM durabledict WHERE key = ?").pluck().get(key) as string | undefined,
        resetVersion: async () => {
          raw.prepare("DELETE FROM durabledict_epochs WHERE dict = 'durabledict'").run();
        },
        outage: {
          begin: async () => {
            locker = new Database(file, { timeout: 5000 });
            locker.exec("BEGIN EXCLUSIVE");
          },
          end: async () => {
            locker?.exec("COMMIT");
            locker?.close();
          },
        },
        teardown: async () => {
          await seed.close();
          raw.close();
          remove();
        },
      };
    },
  };
}
