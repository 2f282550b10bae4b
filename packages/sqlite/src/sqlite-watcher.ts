import type { Version, WatchHandlers } from "@durabledict/core";
import { WatchSubscribers } from "@durabledict/core/adapter";
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
  private readonly subscribers = new WatchSubscribers();
  private timer: ReturnType<typeof setInterval> | undefined;
  private dataVersion: unknown;

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
    if (this.subscribers.size === 0) this.start();
    const remove = this.subscribers.add(handlers);
    return () => {
      remove();
      if (this.subscribers.size === 0) this.stop();
    };
  }

  /** Stops polling and drops every subscriber. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  private start(): void {
    this.dataVersion = this.db.pragma("data_version", { simple: true });
    this.subscribers.setLive(true);
    this.timer = setInterval(() => this.poll(), this.interval);
    this.timer.unref?.();
  }

  private poll(): void {
    let version: Version;
    try {
      const dataVersion = this.db.pragma("data_version", { simple: true });
      if (dataVersion === this.dataVersion && this.subscribers.isLive) return;
      version = this.readVersion();
      // Taken only once the version is read: a failed read is tried again at the next poll.
      this.dataVersion = dataVersion;
    } catch {
      this.subscribers.setLive(false);
      return;
    }
    // Going live again makes the dicts check anyway: whatever moved meanwhile is found then.
    if (!this.subscribers.isLive) this.subscribers.setLive(true);
    else this.subscribers.announce(version);
  }
}
