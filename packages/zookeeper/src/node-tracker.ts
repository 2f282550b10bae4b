import type { Event } from "node-zookeeper-client";
import type { Watcher } from "./zk-requests.js";

interface EventRecord {
  mark: number;
  /** The key whose data watch fired; `undefined` for the root's child watch. */
  key: string | undefined;
}

/** How many recent events are kept to tell whether a write raced only with itself. */
const recentEvents = 64;

/**
 * What this session's watches have reported. Each event bumps `mark` and records which key changed at which
 * mark, so `changesSince` re-reads only the keys changed after a version's mark. A key whose watch fired
 * stays marked until it is read again (which re-arms its watch), so nothing is lost while a watch is unarmed.
 * One tracker per session: a new session has no watches, and starts over with a full load.
 */
export class NodeTracker {
  /** The number of events seen (and of keys found changed by a re-listing). */
  mark = 0;
  /** Whether a full load armed every watch in this session, so changes since a mark are known. */
  established = false;
  /** Whether the root's child watch fired and the children were not listed again since. */
  childrenStale = true;
  readonly dataWatcher: Watcher;
  readonly childWatcher: Watcher;
  /** The mark of the first child event since the children were last listed. */
  private staleSince = 0;
  /** What `staleSince` goes back to if the listing in flight fails. */
  private listingStaleSince = 0;
  private children: Set<string> | undefined;
  private readonly changedAt = new Map<string, number>();
  private readonly recent: EventRecord[] = [];
  /** Keys this process is writing right now (a count per key), and how many of those writes create or delete. */
  private readonly writing = new Map<string, number>();
  private listChanges = 0;
  private held = false;

  /**
   * @param holdOwn - whether events of this process's own writes may be held back: only while one dict
   *   watches this store, since another dict on it must hear of the write.
   */
  constructor(
    private readonly root: string,
    private readonly notify: () => void,
    private readonly holdOwn: () => boolean,
  ) {
    this.dataWatcher = (event: Event) => this.onData(event.getPath());
    this.childWatcher = () => {
      if (!this.childrenStale) this.staleSince = this.mark + 1;
      this.childrenStale = true;
      this.record(undefined);
    };
  }

  /** Whether the key exists as far as the last listing knows; `undefined` when not listed yet. */
  knows(key: string): boolean | undefined {
    return this.children?.has(key);
  }

  /** Records that this process created or deleted `key`, so the next listing does not report it as foreign. */
  noteOwn(key: string, exists: boolean): void {
    if (exists) this.children?.add(key);
    else this.children?.delete(key);
  }

  /**
   * Marks keys this process just wrote, at a new mark, without telling the watchers: the write's step covers
   * it for the writing dict, and another dict on this store re-reads them.
   */
  noteWritten(keys: Iterable<string>): void {
    for (const key of keys) this.record(key);
  }

  /** Marks `key` changed at a new mark (a change seen without an event, say) and tells the watchers. */
  touch(key: string): void {
    this.record(key);
    if (this.writing.has(key)) this.notify();
  }

  /**
   * Holds back the notification of events about `keys` (and of the child list when `listChange`) while this
   * process writes them: its own write's events must not send the dict to re-check what the write's version
   * step accounts for. Call the returned function when the write ends, with whether it reported a step.
   */
  beginWrite(keys: readonly string[], listChange: boolean): (stepped: boolean) => void {
    for (const key of keys) this.writing.set(key, (this.writing.get(key) ?? 0) + 1);
    if (listChange) this.listChanges++;
    return (stepped) => {
      for (const key of keys) {
        const left = this.writing.get(key)! - 1;
        if (left === 0) this.writing.delete(key);
        else this.writing.set(key, left);
      }
      if (listChange) this.listChanges--;
      if (this.held && !stepped) this.notify();
      if (this.writing.size === 0) this.held = false;
    };
  }

  /** Call just before listing the children with the child watcher. */
  beginListing(): void {
    this.listingStaleSince = this.childrenStale ? this.staleSince : this.mark + 1;
    this.childrenStale = false;
  }

  /** Applies a listing of the children: keys that appeared or vanished since the last one get a new mark. */
  listed(children: readonly string[] | undefined): void {
    if (children === undefined) {
      this.staleSince = this.childrenStale
        ? Math.min(this.staleSince, this.listingStaleSince)
        : this.listingStaleSince;
      this.childrenStale = true;
      return;
    }
    const now = new Set(children);
    if (this.children) {
      for (const key of now) if (!this.children.has(key)) this.touch(key);
      for (const key of this.children) if (!now.has(key)) this.touch(key);
    }
    this.children = now;
  }

  /**
   * The latest mark a reader that re-read the changed keys has seen all of: a child event not yet followed by
   * a listing is not seen, since the keys it created or deleted are not known yet.
   */
  settledMark(): number {
    return this.childrenStale ? Math.min(this.mark, this.staleSince - 1) : this.mark;
  }

  /** Keys marked changed after `mark`. */
  changedAfter(mark: number): string[] {
    return [...this.changedAt].filter(([, at]) => at > mark).map(([key]) => key);
  }

  /** Whether every event after `from` was about one of `keys` or the child list: a write raced only with itself. */
  onlyAbout(keys: ReadonlySet<string>, from: number): boolean {
    if (this.mark === from) return true;
    const oldest = this.recent[0];
    if (oldest === undefined || oldest.mark > from + 1) return false;
    return this.recent.every((event) => event.mark <= from || event.key === undefined || keys.has(event.key));
  }

  private onData(path: string): void {
    const prefix = `${this.root}/`;
    if (path.startsWith(prefix)) this.record(path.slice(prefix.length));
  }

  private record(key: string | undefined): void {
    this.mark++;
    if (key !== undefined) this.changedAt.set(key, this.mark);
    this.recent.push({ mark: this.mark, key });
    if (this.recent.length > recentEvents) this.recent.shift();
    const own = this.holdOwn() && (key === undefined ? this.listChanges > 0 : this.writing.has(key));
    if (own) this.held = true;
    else this.notify();
  }
}
