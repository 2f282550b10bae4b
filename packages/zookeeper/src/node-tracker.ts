/** How many recent events are kept to tell whether a write raced only with itself. */
const recentEvents = 64;

/**
 * What this session's watches reported under one root. Each event takes the next mark and each key keeps the
 * mark at which it last changed, so `changesSince` re-reads only the keys changed after a version's mark. A
 * key whose watch fired stays marked until read again (which re-arms its watch), so nothing is lost while a
 * watch is unarmed. A new session has none of the old one's watches: its tracker starts over.
 */
export class NodeTracker {
  /** The number of events seen. */
  mark = 0;
  /** Whether a full load armed every watch in this session, so changes since a mark are known. */
  established = false;
  /** The mark of the first child event since the children were last listed; `undefined` when none. */
  childMark: number | undefined;
  private children: Set<string> | undefined;
  private readonly changedAt = new Map<string, number>();
  /** Recent events, oldest first: the key, or `undefined` for the child list. */
  private readonly recent: { mark: number; key: string | undefined }[] = [];

  /**
   * @param epoch - the session whose watches this tracker follows.
   * @param onEvent - told of each change recorded, after it is.
   */
  constructor(
    private readonly root: string,
    readonly epoch: string,
    private readonly onEvent: () => void,
  ) {}

  /** Records a watch event on `path`: the root (its child list) or a key's node. */
  event(path: string): void {
    if (path === this.root) {
      this.record(undefined);
      this.childMark ??= this.mark;
    } else {
      this.record(path.slice(this.root.length + 1));
    }
    this.onEvent();
  }

  /** Records a change of `key` seen without an event (a write while its watch was spent). */
  touch(key: string): void {
    this.record(key);
    this.onEvent();
  }

  /** Whether the key exists as far as the last listing (and this store's writes since) know. */
  knows(key: string): boolean | undefined {
    return this.children?.has(key);
  }

  /**
   * Records that this store created or deleted `key`: a change at a new mark (no data watch tells of a
   * create), which the next listing does not count again.
   */
  noteOwn(key: string, exists: boolean): void {
    if (exists) this.children?.add(key);
    else this.children?.delete(key);
    this.touch(key);
  }

  /**
   * Call just before listing the children; then call the function it returns with the children listed
   * (`undefined` if the listing failed). Keys that appeared or vanished since the last listing are marked
   * changed, each at a new mark.
   */
  beginListing(): (children: readonly string[] | undefined) => void {
    const since = this.childMark;
    this.childMark = undefined;
    return (children) => {
      if (children === undefined) {
        if (since !== undefined) this.childMark = Math.min(since, this.childMark ?? since);
        return;
      }
      const known = this.children;
      const now = new Set(children);
      this.children = now;
      for (const key of known ? [...now, ...known] : [])
        if (now.has(key) !== known!.has(key)) this.touch(key);
    };
  }

  /**
   * The latest mark a reader that re-reads the changed keys now has seen all of: a child event not yet
   * followed by a listing is not seen, since the keys it created or deleted are not known yet.
   */
  settledMark(): number {
    return this.childMark === undefined ? this.mark : Math.min(this.mark, this.childMark - 1);
  }

  /** Keys marked changed after `mark`. */
  changedAfter(mark: number): string[] {
    return [...this.changedAt].filter(([, at]) => at > mark).map(([key]) => key);
  }

  /**
   * Whether every event after mark `from` up to mark `to` was about one of `keys` or the child list: a write
   * raced only with itself (a foreign create or delete moves the root's child version, which the write's
   * step accounts for).
   */
  onlyAbout(keys: ReadonlySet<string>, from: number, to: number): boolean {
    if (to === from) return true;
    const oldest = this.recent[0];
    if (oldest === undefined || oldest.mark > from + 1) return false;
    return this.recent.every(
      ({ mark, key }) => mark <= from || mark > to || key === undefined || keys.has(key),
    );
  }

  private record(key: string | undefined): void {
    this.mark++;
    if (key !== undefined) this.changedAt.set(key, this.mark);
    this.recent.push({ mark: this.mark, key });
    if (this.recent.length > recentEvents) this.recent.shift();
  }
}
