import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import type { WatchHandlers } from "@durabledict/core";
import type BetterSqlite3 from "better-sqlite3";

/**
 * Wake-up calls per database file, for every watcher in this process: a write through one connection wakes
 * the watchers on every other connection to the same file at once, where polling would take up to an interval.
 */
const wakers = new Map<unknown, Set<() => void>>();

/** What identifies a database in this process: its real path, or the connection itself for `:memory:`. */
export function fileIdentity(db: BetterSqlite3.Database): unknown {
  if (db.memory) return db;
  try {
    return realpathSync(db.name);
  } catch {
    return resolve(db.name);
  }
}

/** Tells every watcher in this process on `file` that a write was committed. */
export function announceWrite(file: unknown): void {
  for (const wake of wakers.get(file) ?? []) wake();
}

/**
 * Polls `PRAGMA data_version` (one read of the file header, no table touched) on a timer to learn of
 * commits made by other processes, and relays them to the store's watch handlers. A poll that fails (the
 * file locked past the busy timeout, say) marks the watch not live until a poll succeeds again.
 */
export class SqliteWatcher {
  private readonly handlers = new Set<WatchHandlers>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private dataVersion: unknown;
  private live = false;
  private readonly wake = () => this.changed();

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly file: unknown,
    private readonly interval: number,
  ) {}

  /** Adds a subscriber; the first one starts polling. Throws when the file cannot be read now. */
  add(handlers: WatchHandlers): () => void {
    if (this.handlers.size === 0) this.start();
    this.handlers.add(handlers);
    handlers.onStatus(this.live);
    return () => {
      this.handlers.delete(handlers);
      if (this.handlers.size === 0) this.stop();
    };
  }

  /** Stops polling and drops every subscriber. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.handlers.clear();
    wakers.get(this.file)?.delete(this.wake);
    if (wakers.get(this.file)?.size === 0) wakers.delete(this.file);
  }

  private start(): void {
    this.dataVersion = this.db.pragma("data_version", { simple: true });
    this.live = true;
    const set = wakers.get(this.file) ?? new Set();
    wakers.set(this.file, set.add(this.wake));
    this.timer = setInterval(() => this.poll(), this.interval);
    this.timer.unref?.();
  }

  private poll(): void {
    let dataVersion: unknown;
    try {
      dataVersion = this.db.pragma("data_version", { simple: true });
    } catch {
      this.setLive(false);
      return;
    }
    const moved = dataVersion !== this.dataVersion;
    this.dataVersion = dataVersion;
    if (!this.live) this.setLive(true);
    else if (moved) this.changed();
  }

  private setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    for (const handlers of [...this.handlers]) handlers.onStatus(live);
  }

  private changed(): void {
    if (!this.live) return;
    for (const handlers of [...this.handlers]) handlers.onChange();
  }
}
