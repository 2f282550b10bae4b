import { HeldVersion } from "./held-version.js";
import type { ChangedKey, LocalCopy } from "./local-copy.js";
import type { DurableStore, VersionStep } from "./store.js";
import { storeCall } from "./store-call.js";
import { sameVersion, type Version } from "./version.js";

/** What this process wrote while a sync was running. */
interface RacingWrites {
  keys: Set<string>;
  /** The version step of each racing write, in the order their replies arrived. */
  steps: VersionStep[];
  /** Whether some racing write reported no version step, so none can tell where it landed. */
  unknown: boolean;
  /** Whether some racing write replaced a version the copy did not hold: the sync's end may place it. */
  unplaced: boolean;
}

/** What one sync did. */
export interface SyncOutcome {
  changes: ChangedKey[];
  version: Version;
  full: boolean;
}

/**
 * Keeps a {@link LocalCopy} in step with a store: the version it reflects, incremental or full reloads,
 * one sync at a time, and the bookkeeping that lets a writer skip the re-sync its own write would cause.
 */
export class SyncEngine<P> {
  private readonly held = new HeldVersion();
  private running: Promise<SyncOutcome | undefined> | undefined;
  /** The sync that will start when the running one ends; every caller meanwhile shares it. */
  private queued: Promise<SyncOutcome | undefined> | undefined;
  private watchLive = false;
  /** What this process wrote while a sync was running; defined only during a sync. */
  private racing: RacingWrites | undefined;

  /**
   * @param publish - told of each sync that found the version moved, once per sync however many callers
   *   share it.
   */
  constructor(
    private readonly store: DurableStore<P>,
    private readonly copy: LocalCopy<P>,
    private readonly adapter: string,
    private readonly publish: (outcome: SyncOutcome) => void,
  ) {}

  /** Whether a watch vouches for the copy: live, and every notification accounted for. */
  get watchedFresh(): boolean {
    return this.watchLive && this.held.settled;
  }

  /** Whether a sync has loaded the copy from the store at least once. */
  get loaded(): boolean {
    return this.held.loaded;
  }

  /** The version the copy reflects, once loaded. */
  get version(): Version {
    return this.held.current;
  }

  /**
   * Fills the copy from somewhere other than the store (a backup file, bootstrap values) before any sync has
   * loaded it. The first sync then reloads everything, since nothing vouches for these entries.
   */
  preload(entries: Map<string, P>): void {
    this.copy.replaceAll(entries);
  }

  /** Whether the copy reflects `version` (the store's current one, just read). */
  reflects(version: Version): boolean {
    return this.held.loaded && sameVersion(version, this.held.current);
  }

  /** Whether some notification is not accounted for yet, so a sync is wanted. */
  get unsettled(): boolean {
    return !this.held.settled;
  }

  /**
   * Records a notification that the store's version moved (to `version` when known), from the store's watch
   * or from a dict of this process sharing the store.
   * @returns whether it is news: a version the copy does not reflect.
   */
  notice(version?: Version): boolean {
    return this.held.notice(version);
  }

  /** Records the watch going live or dead; going live wants a check, since notifications may have been missed. */
  noteWatchStatus(live: boolean): void {
    this.watchLive = live;
    if (live) this.held.unsettle();
  }

  /**
   * A sync that starts after this call, so it sees every write acknowledged before the call. A sync already
   * running may have read the store too early, so callers queue behind it; all callers that arrive while it
   * runs share the one queued sync, so at most two syncs are ever pending. Resolves to `undefined` when the
   * version had not moved.
   */
  sync(): Promise<SyncOutcome | undefined> {
    if (this.running === undefined) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /**
   * Records that this process just wrote `key` (call it in the same tick as the local copy changes). A sync
   * running meanwhile may have read the store before the write landed, so it leaves that key alone, and claims
   * the version it read only when the write's reply shows where the write landed; else the next check reconciles.
   */
  noteLocalWrite(key: string): void {
    this.racing?.keys.add(key);
  }

  /**
   * Accounts for a write this process made: when the store reports the version it replaced and that is the
   * version this copy reflects, the copy (with the write applied) now reflects the new version. When it
   * replaced another version, someone else wrote in between, and a check is due; unless a sync is running
   * that read the version it replaced, which the sync's end tells.
   */
  advance(step: Partial<VersionStep> | undefined): void {
    const racing = this.racing;
    if (step === undefined || !("version" in step) || !this.held.loaded) {
      if (racing) racing.unknown = true;
      return;
    }
    racing?.steps.push(step as VersionStep);
    if (sameVersion(step.previous, this.held.current)) this.held.hold(step.version);
    else if (racing) racing.unplaced = true;
    // Someone else moved the store between the held version and this write: a check fetches what they wrote.
    else this.held.unsettle();
  }

  private start(): Promise<SyncOutcome | undefined> {
    const running = this.run().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async run(): Promise<SyncOutcome | undefined> {
    const mark = this.held.mark();
    // A notification this copy does not account for says the store moved: ask what changed at once.
    const announced = !this.held.settled;
    const racing: RacingWrites = { keys: new Set(), steps: [], unknown: false, unplaced: false };
    this.racing = racing;
    try {
      const { outcome, read } = await this.load(announced);
      if (this.placeRacingWrites(read, racing)) this.held.settleUpTo(mark);
      else this.held.unsettle();
      if (outcome !== undefined) this.publish(outcome);
      return outcome;
    } catch (error) {
      if (racing.unplaced) this.held.unsettle();
      throw error;
    } finally {
      this.racing = undefined;
    }
  }

  /**
   * Whether the copy, with the writes that raced the sync applied, reflects a version now held. A local write
   * that raced the sync keeps the sync from claiming the version it read. When the copy holds (or held) that
   * version anyway, the racing writes were all this dict's own, each accounted for by its reply: the sync saw
   * nothing else. When their replies chain, each replacing the version the one before made, from the version
   * the sync read or through it, they were too: the copy holds the last. Otherwise a check must follow.
   * (Unsettling every time kept a dict that writes in a loop syncing once per write, each sync raced by the
   * next write; and a sync slower than a write, such as one re-reading many keys, never caught up.)
   */
  private placeRacingWrites(read: Version, { keys, steps, unknown, unplaced }: RacingWrites): boolean {
    if (keys.size === 0) return true;
    if (!unplaced) return this.held.holds(read);
    const chained = steps.every((step, i) => i === 0 || sameVersion(step.previous, steps[i - 1]!.version));
    const through =
      sameVersion(steps[0]?.previous, read) || steps.some((step) => sameVersion(step.version, read));
    if (unknown || !chained || !through) return false;
    if (!sameVersion(this.held.current, read)) this.held.hold(read);
    for (const step of steps) if (sameVersion(step.previous, this.held.current)) this.held.hold(step.version);
    return true;
  }

  /** Takes `version` as the one the copy reflects, unless a local write raced the sync. */
  private settle(version: Version): void {
    if (this.racing?.keys.size === 0 || !this.held.loaded) this.held.hold(version);
  }

  /**
   * Brings the copy up to the store: asks the version first (one cheap round trip, and usually all a check
   * needs), unless a notification already said the store moved and it can say what changed since the held
   * version, in which case one `changesSince` round trip does both.
   */
  private async load(announced: boolean): Promise<{ outcome?: SyncOutcome; read: Version }> {
    if (announced && this.held.loaded && this.store.changesSince) {
      const outcome = await this.fetchChanges();
      if (outcome !== undefined) {
        const news = outcome.changes.length > 0 || outcome.moved;
        return { outcome: news ? outcome : undefined, read: outcome.version };
      }
    }
    const version = await storeCall(this.adapter, "lastUpdated", undefined, () => this.store.lastUpdated());
    if (this.held.loaded && sameVersion(version, this.held.current)) return { read: version };
    if (!announced && this.held.loaded && this.store.changesSince) {
      const outcome = await this.fetchChanges();
      if (outcome !== undefined) return { outcome, read: outcome.version };
    }
    const all = await storeCall(this.adapter, "durables", undefined, () => this.store.durables());
    const applied = this.copy.replaceAll(all, this.racing?.keys);
    this.settle(version);
    return { outcome: { changes: applied, version, full: true }, read: version };
  }

  /** Applies what changed since the held version; `undefined` when the store cannot say (reload instead). */
  private async fetchChanges(): Promise<(SyncOutcome & { moved: boolean }) | undefined> {
    const since = this.held.current;
    const changes = await storeCall(this.adapter, "changesSince", undefined, () =>
      this.store.changesSince!(since),
    );
    if (changes === undefined) return undefined;
    const applied = this.copy.apply(changes.changed, changes.deleted, this.racing?.keys);
    this.settle(changes.version);
    return {
      changes: applied,
      version: changes.version,
      full: false,
      moved: !sameVersion(changes.version, since),
    };
  }
}
