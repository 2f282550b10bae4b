import type { Version } from "@durabledict/core";
import { epochVersion } from "@durabledict/core/adapter";
import type { Stat } from "node-zookeeper-client";

/** How many recent changes are kept to tell whether a write raced only with itself, beyond a write's own. */
const recentChanges = 64;

/**
 * What one session's watches saw under a root, and the versions spelled from it: each change takes the next
 * mark and each key keeps the mark of its last change, so a sync re-reads only the keys changed since.
 */
export class NodeTracker {
  /** Changes recorded; in a version, it moves on writes that leave the root alone (the Python original's). */
  mark = 0;
  /** The mark of the first child event since the children were last listed. */
  childMark: number | undefined;
  /** The keys as of the last listing and this store's writes since; `undefined` before the first listing. */
  children: Set<string> | undefined;
  private readonly changedAt = new Map<string, number>();
  private readonly recent: { mark: number; key?: string }[] = [];
  /** The marks writes in flight started from, oldest first: changes after the oldest are kept, however many. */
  private readonly pinned: number[] = [];

  constructor(
    readonly epoch: string,
    private readonly onChange: () => void,
  ) {}

  /** `<root's czxid>.<data version>.<child version>@<epoch>:<mark>`, counters less `writes` and `creates`. */
  version(root: Stat, mark: number, writes = 0, creates = 0): string {
    const series = `${root.czxid.toString("hex")}.${root.version - writes}.${root.cversion - creates}`;
    return epochVersion.format(`${series}@${this.epoch}`, mark);
  }

  /** The root's creation zxid and the mark of a version this tracker spelled; `undefined` for any other. */
  parse(version: Version): { czxid: string; mark: number } | undefined {
    const match = typeof version === "string" ? /^(\w+)\.\d+\.\d+@(\w+):(\d+)$/.exec(version) : null;
    if (match?.[2] !== this.epoch || Number(match[3]) > this.mark) return undefined;
    return { czxid: match[1]!, mark: Number(match[3]) };
  }

  /** Records a change of `key`, or of the child list. */
  record(key?: string): void {
    this.mark++;
    if (key === undefined) this.childMark ??= this.mark;
    else this.changedAt.set(key, this.mark);
    const kept = this.recent.push({ mark: this.mark, key });
    const needed = this.pinned[0] ?? Number.POSITIVE_INFINITY;
    let drop = 0;
    while (kept - drop > recentChanges && this.recent[drop]!.mark <= needed) drop++;
    this.recent.splice(0, drop);
    this.onChange();
  }

  /** Keeps every change after mark `from` until the returned function is called: a write's, however large. */
  pin(from: number): () => void {
    // Usually the latest mark, so placed last; a pop starts from the mark before its read.
    let at = this.pinned.length;
    while (at > 0 && this.pinned[at - 1]! > from) at--;
    this.pinned.splice(at, 0, from);
    return () => void this.pinned.splice(this.pinned.indexOf(from), 1);
  }

  /** Records that `key` came or went, by this store's write or as a write found (no data watch tells of a create). */
  noteExists(key: string, exists: boolean): void {
    if (exists) this.children?.add(key);
    else this.children?.delete(key);
    this.record(key);
  }

  /** Call before listing the children, and its result with them (or none, if the listing failed). */
  beginListing(): (children?: readonly string[]) => void {
    const since = this.childMark;
    this.childMark = undefined;
    return (children) => {
      if (children === undefined) {
        if (since !== undefined) this.childMark = Math.min(since, this.childMark ?? since);
        return;
      }
      const known = this.children;
      this.children = new Set(children);
      for (const key of known ? [...children, ...known] : []) {
        if (this.children.has(key) !== known!.has(key)) this.record(key);
      }
    };
  }

  /** The latest mark a reader sees all of by re-reading the changed keys: not a child event not yet listed. */
  settledMark(): number {
    return this.childMark === undefined ? this.mark : Math.min(this.mark, this.childMark - 1);
  }

  changedAfter(mark: number): string[] {
    return [...this.changedAt].filter(([, at]) => at > mark).map(([key]) => key);
  }

  /** Whether each change after mark `from` up to `to` was of one of `keys` or of the child list. */
  onlyAbout(keys: ReadonlySet<string>, from: number, to: number): boolean {
    // Changes that far back are forgotten: assume the worst.
    if (to > from && (this.recent[0]?.mark ?? to) > from + 1) return false;
    return this.recent.every(
      ({ mark, key }) => mark <= from || mark > to || key === undefined || keys.has(key),
    );
  }
}
