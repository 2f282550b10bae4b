import { sameVersion, type Version } from "./version.js";

/** Stands for a notification that named no version: only a check can account for it. */
const unnamed = Symbol("unnamed version");
type Notice = Version | typeof unnamed;

/** Versions held before the current one that a late notification may still name. */
const historySize = 16;
/** Past this many unaccounted notifications they are folded into one that only a check can settle. */
const maxPending = 256;

/**
 * The version a dict's copy reflects, and the change notifications (from the store's watch or from dicts of
 * this process sharing the store) that it does not yet account for. A notification naming a version the copy
 * reflects, now or a little while ago, is old news and is dropped: so the echo of a dict's own write costs
 * nothing, whichever of the write's reply and its echo arrives first. Any other notification stays pending
 * until a write of this dict lands on the version it names, or a sync that started after it completes.
 */
export class HeldVersion {
  /** The version the copy reflects; meaningful once `loaded`. */
  current: Version;
  /** Whether a sync has loaded the copy at least once. */
  loaded = false;
  /** Held before, oldest first (a `Set` keeps insertion order), for a constant-time lookup. */
  private readonly history = new Set<Version>();
  /** Unaccounted notifications, each with the sequence number of its arrival. */
  private readonly pending = new Map<Notice, number>();
  private sequence = 0;

  /** Whether every notification so far is accounted for. */
  get settled(): boolean {
    return this.pending.size === 0;
  }

  /** A mark to pass to {@link HeldVersion.settleUpTo} once a sync that starts now completes. */
  mark(): number {
    return this.sequence;
  }

  /** Whether the copy reflects `version`, or did a little while ago. */
  holds(version: Version): boolean {
    if (!this.loaded) return false;
    return sameVersion(version, this.current) || this.history.has(version);
  }

  /**
   * Records a notification that the store's version moved, to `version` when the store said.
   * @returns whether it is news (not a version the copy reflects).
   */
  notice(version?: Version): boolean {
    if (version !== undefined && this.holds(version)) return false;
    if (this.pending.size >= maxPending) {
      // Past the bound the details no longer matter: one check settles them all.
      this.pending.clear();
      this.unsettle();
      return true;
    }
    this.pending.set(version === undefined ? unnamed : version, ++this.sequence);
    return true;
  }

  /** Records that notifications may have been missed (a watch that was down): only a check settles that. */
  unsettle(): void {
    this.pending.set(unnamed, ++this.sequence);
  }

  /** Takes `version` as the one the copy reflects, settling every notification of it. */
  hold(version: Version): void {
    if (this.loaded && !sameVersion(version, this.current)) {
      this.history.add(this.current);
      if (this.history.size > historySize) this.history.delete(this.history.values().next().value);
    }
    this.current = version;
    this.loaded = true;
    if (this.pending.size === 0) return;
    for (const notice of this.pending.keys()) {
      if (notice !== unnamed && this.holds(notice)) this.pending.delete(notice);
    }
  }

  /** Settles the notifications that arrived before `mark`: a sync that started after them saw what they announced. */
  settleUpTo(mark: number): void {
    for (const [notice, at] of this.pending) {
      if (at <= mark) this.pending.delete(notice);
    }
  }
}
