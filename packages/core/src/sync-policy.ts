import { withDeadline } from "./adapter/deadline.js";
import { StoreUnavailableError } from "./errors/store-unavailable-error.js";
import { joinSiblings, type Siblings } from "./sibling-dicts.js";
import type { DurableStore, VersionStep } from "./store.js";
import { storeCall } from "./store-call.js";
import type { StoreHealth } from "./store-health.js";
import type { SyncEngine, SyncOutcome } from "./sync-engine.js";
import type { Version } from "./version.js";

const defaultSyncTimeout = 2000;

/** The options a {@link SyncPolicy} follows; see `DurableDictOptions` for their meaning. */
export interface SyncPolicyOptions {
  autosync?: boolean;
  watch?: boolean;
  refreshInterval?: number;
  syncTimeout?: number;
}

/**
 * When a dict asks its store what changed: before autosync reads (unless a live watch vouches for the copy),
 * on notifications (the store's watch, and the writes of dicts of this process over the same store), on the
 * refresh interval, and when told. A read waits at most `syncTimeout` for the store; after a failure, reads
 * serve the local copy without asking while the {@link StoreHealth} backs off.
 */
export class SyncPolicy<P> {
  private readonly autosync: boolean;
  private readonly syncTimeout: number;
  private stopped = false;
  private writesInFlight = 0;
  private syncAfterWrites = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private recovery: ReturnType<typeof setTimeout> | undefined;
  /** A retry of a failed sync that a watch asked for, pending its backoff. */
  private resync: ReturnType<typeof setTimeout> | undefined;
  private unwatch: (() => Promise<void>) | undefined;
  private readonly siblings: Siblings;

  constructor(
    private readonly engine: SyncEngine<P>,
    private readonly store: DurableStore<P>,
    private readonly adapter: string,
    private readonly options: SyncPolicyOptions,
    private readonly health: StoreHealth,
  ) {
    this.autosync = options.autosync ?? true;
    this.syncTimeout = options.syncTimeout ?? defaultSyncTimeout;
    // Only autosync dicts listen: the others refresh when told to.
    this.siblings = joinSiblings(
      store.scope ?? store,
      this.autosync ? (version) => this.notice(version) : undefined,
    );
  }

  /**
   * Subscribes to the store's watch (autosync only), loads the copy, and starts the refresh timer. When the
   * store cannot be reached, `startStale` may fill the copy another way (a backup file): the dict then starts
   * stale and keeps trying the store in the background until a sync succeeds.
   * @param startStale - resolves to whether it filled the copy; rejects to refuse the start.
   */
  async start(startStale?: () => Promise<boolean>): Promise<void> {
    try {
      await this.subscribe();
      await this.syncNow();
    } catch (error) {
      if (!StoreUnavailableError.isInstance(error) || !(await this.tryOrStop(startStale))) {
        await this.stop();
        throw error;
      }
      this.health.unreachable(error);
      this.retryInBackground();
    }
    const interval = this.options.refreshInterval;
    if (interval !== undefined && interval > 0) {
      this.timer = setInterval(() => void this.background(), interval);
      this.timer.unref?.();
    }
  }

  /** Whether a read must ask the store first: autosync, no live watch vouching, the store not backing off. */
  checkDue(): boolean {
    return this.autosync && !this.stopped && !this.engine.watchedFresh && !this.health.backingOff;
  }

  /**
   * For a store that answers synchronously: whether its version, asked now, is the one the copy reflects, so
   * a read that is due a check may serve the copy at once. A failure answers `false`: the asynchronous check
   * that follows reports it.
   */
  unchangedNow(): boolean {
    if (this.store.lastUpdatedSync === undefined) return false;
    try {
      if (!this.engine.reflects(this.store.lastUpdatedSync())) return false;
    } catch {
      return false;
    }
    this.health.reachable();
    return true;
  }

  /** Before an autosync read: syncs if due, waiting at most `syncTimeout`; a failure is reported, never thrown. */
  async beforeRead(): Promise<void> {
    if (!this.checkDue() || this.unchangedNow()) return;
    try {
      await withDeadline("version check", this.syncTimeout, this.engine.sync());
      this.health.reachable();
      this.syncSoonIfUnsettled();
    } catch (error) {
      this.health.unreachable(error);
    }
  }

  /** Syncs now, whatever the policy says; rejects when the store cannot be read. */
  async syncNow(): Promise<SyncOutcome | undefined> {
    const outcome = await this.engine.sync();
    this.health.reachable();
    return outcome;
  }

  /** Stops the timers, the watch and listening to the other dicts. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.recovery);
    clearTimeout(this.resync);
    this.siblings.leave();
    await this.unwatch?.();
  }

  /**
   * Accounts for a write of this dict's that the store acknowledged: the dict's version advances when the
   * write reports one, and the other dicts of this process over the same store hear of it before it resolves.
   */
  acknowledge(step: Partial<VersionStep> | undefined): void {
    this.engine.advance(step);
    this.siblings.announce(step?.version);
  }

  /** A notification that the store's version moved, to `version` when known: a sync follows unless it is old news. */
  notice(version?: Version): void {
    if (this.engine.notice(version)) this.syncSoon();
  }

  /**
   * Marks the start of a write of this dict's; call {@link SyncPolicy.endWrite} once its reply is accounted
   * for. A watch may announce the write before its reply arrives, and the reply accounts for it; so syncs
   * wanted meanwhile wait until the dict's writes in flight have settled.
   */
  beginWrite(): void {
    this.writesInFlight++;
  }

  /** Marks the end of a write begun with {@link SyncPolicy.beginWrite}, its reply (or failure) accounted for. */
  endWrite(): void {
    if (--this.writesInFlight === 0 && this.syncAfterWrites) {
      this.syncAfterWrites = false;
      this.syncSoonIfUnsettled();
    }
  }

  private async tryOrStop(startStale: (() => Promise<boolean>) | undefined): Promise<boolean> {
    if (startStale === undefined) return false;
    try {
      return await startStale();
    } catch (refusal) {
      await this.stop();
      throw refusal;
    }
  }

  /** Subscribes to the store's watch when the dict wants one and has none yet. */
  private async subscribe(): Promise<void> {
    if (!this.autosync || this.options.watch === false || !this.store.watch || this.unwatch) return;
    this.unwatch = await storeCall(this.adapter, "watch", undefined, () =>
      this.store.watch!({
        onChange: (version) => this.notice(version),
        onStatus: (live) => {
          this.engine.noteWatchStatus(live);
          if (live) this.syncSoon();
          else this.health.unproven();
        },
      }),
    );
  }

  /** After a start without the store: try again after each backoff until the watch and a sync succeed. */
  private retryInBackground(): void {
    this.recovery = setTimeout(async () => {
      if (this.stopped) return;
      try {
        await this.subscribe();
        await this.syncNow();
      } catch (error) {
        this.health.unreachable(error);
        this.retryInBackground();
      }
    }, this.health.nextDelay);
    this.recovery.unref?.();
  }

  private async background(): Promise<void> {
    try {
      await this.syncNow();
      this.syncSoonIfUnsettled();
    } catch (error) {
      this.health.unreachable(error);
      this.resyncAfterBackoff();
    }
  }

  /**
   * After a failed sync that a watch asked for: try again once the backoff has passed, for as long as the copy
   * is not known current. A watching dict may never be read (it serves snapshots, or only emits `change`), so
   * nothing else would bring it up to date before the store's next notification.
   */
  private resyncAfterBackoff(): void {
    if (this.unwatch === undefined || this.stopped || this.resync !== undefined || !this.engine.unsettled)
      return;
    this.resync = setTimeout(() => {
      this.resync = undefined;
      if (this.engine.unsettled) void this.background();
    }, this.health.nextDelay);
    this.resync.unref?.();
  }

  /**
   * Schedules a sync for a watching dict (one without a watch checks on its next read anyway), once its writes
   * in flight have settled: the notification may be the echo of one of them, which its reply accounts for.
   */
  private syncSoon(): void {
    if (this.unwatch === undefined) return;
    if (this.writesInFlight > 0) this.syncAfterWrites = true;
    else this.scheduleBackground();
  }

  private syncSoonIfUnsettled(): void {
    if (this.engine.unsettled) this.syncSoon();
  }

  private scheduleBackground(): void {
    if (!this.stopped) queueMicrotask(() => void this.background());
  }
}
