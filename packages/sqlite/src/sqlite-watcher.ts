import type { Version, WatchHandlers } from "@durabledict/core";
import type BetterSqlite3 from "better-sqlite3";

/**
 * Polls `PRAGMA data_version` (one read of the file header, no table touched) on a timer to learn of
 * commits by other connections, and when it moved reads the dict's version and announces it to the store's
 * watch handlers: a commit to another table of the file announces a version the dicts hold, which costs
 * them nothing. SQLite does not move `data_version` for the watcher's own connection: the dicts of this
 * process hear of those writes from core, through the store's `scope`. A poll that fails (the file locked
 * past the busy timeout, say) marks the watch not live until a poll succeeds again.
 */
export class SqliteWatcher {
  private readonly handlers = new Set<WatchHandlers>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private dataVersion: unknown;
  private live = false;

  /**
   * @param readVersion - the dict's version, read now
   * @param interval - milliseconds between polls
   */
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly readVersion: () => Version,
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
  }

  private start(): void {
    this.dataVersion = this.db.pragma("data_version", { simple: true });
    this.live = true;
    this.timer = setInterval(() => this.poll(), this.interval);
    this.timer.unref?.();
  }

  private poll(): void {
    let version: Version;
    try {
      const dataVersion = this.db.pragma("data_version", { simple: true });
      if (dataVersion === this.dataVersion && this.live) return;
      version = this.readVersion();
      // Taken only once the version is read: a failed read is tried again at the next poll.
      this.dataVersion = dataVersion;
    } catch {
      this.setLive(false);
      return;
    }
    // Going live again makes the dicts check anyway: whatever moved meanwhile is found then.
    if (!this.live) this.setLive(true);
    else for (const handlers of [...this.handlers]) handlers.onChange(version);
  }

  private setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    for (const handlers of [...this.handlers]) handlers.onStatus(live);
  }
}
