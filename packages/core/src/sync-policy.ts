import { DurableDictError } from "./errors/durable-dict-error.js";
import type { DurableStore } from "./store.js";
import { storeCall } from "./store-call.js";
import type { SyncEngine, SyncOutcome } from "./sync-engine.js";

const defaultSyncTimeout = 2000;
const defaultRetryDelay = 250;

/** The options a {@link SyncPolicy} follows; see `DurableDictOptions` for their meaning. */
export interface SyncPolicyOptions {
  autosync?: boolean;
  watch?: boolean;
  refreshInterval?: number;
  syncTimeout?: number;
  retryDelay?: number;
}

/**
 * When a dict asks its store what changed: before autosync reads (unless a live watch vouches for the copy),
 * on watch notifications, on the refresh interval, and when told. A read waits at most `syncTimeout` for the
 * store; after a failure, reads serve the local copy without asking for a backoff that grows while the store
 * stays down, and every failure is reported.
 */
export class SyncPolicy<P> {
  private readonly autosync: boolean;
  private readonly syncTimeout: number;
  private readonly retryDelay: number;
  private failures = 0;
  private retryAt = 0;
  private stopped = false;
  private writesInFlight = 0;
  private syncAfterWrites = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unwatch: (() => Promise<void>) | undefined;

  constructor(
    private readonly engine: SyncEngine<P>,
    private readonly store: DurableStore<P>,
    private readonly adapter: string,
    private readonly options: SyncPolicyOptions,
    private readonly report: (error: DurableDictError) => void,
  ) {
    this.autosync = options.autosync ?? true;
    this.syncTimeout = options.syncTimeout ?? defaultSyncTimeout;
    this.retryDelay = options.retryDelay ?? defaultRetryDelay;
  }

  /** Subscribes to the store's watch (autosync only), loads the copy, and starts the refresh timer. */
  async start(): Promise<void> {
    if (this.autosync && this.options.watch !== false && this.store.watch) {
      this.unwatch = await storeCall(this.adapter, "watch", undefined, () =>
        this.store.watch!({
          onChange: () => this.onWatchEvent(() => this.engine.noteChange()),
          onStatus: (live) => this.onWatchEvent(() => this.engine.noteWatchStatus(live)),
        }),
      );
    }
    try {
      await this.syncNow();
    } catch (error) {
      await this.stop();
      throw error;
    }
    const interval = this.options.refreshInterval;
    if (interval !== undefined && interval > 0) {
      this.timer = setInterval(() => void this.background(), interval);
      this.timer.unref?.();
    }
  }

  /** Whether a read must ask the store first: autosync, no live watch vouching, the store not known down. */
  checkDue(): boolean {
    return this.autosync && !this.stopped && !this.engine.watchedFresh && Date.now() >= this.retryAt;
  }

  /** Before an autosync read: syncs if due, waiting at most `syncTimeout`; a failure is reported, never thrown. */
  async beforeRead(): Promise<void> {
    if (!this.checkDue()) return;
    const sync = this.engine.sync();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.syncTimeout);
    });
    try {
      if ((await Promise.race([sync, timeout])) === "timeout") {
        sync.catch(() => {});
        this.markUnreachable(
          new DurableDictError("version check timed out; serving the local copy", { adapter: this.adapter }),
        );
        return;
      }
      this.markReachable();
    } catch (error) {
      this.markUnreachable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Syncs now, whatever the policy says; rejects when the store cannot be read. */
  async syncNow(): Promise<SyncOutcome | undefined> {
    const outcome = await this.engine.sync();
    this.markReachable();
    return outcome;
  }

  /** Stops the timer and the watch. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unwatch?.();
  }

  private async background(): Promise<void> {
    try {
      await this.syncNow();
    } catch (error) {
      this.markUnreachable(error);
    }
  }

  /**
   * Runs a write of this dict's. A watch may announce the write before its reply arrives; a sync then would
   * find a version this dict has not yet advanced to and fetch its own write back. So watch-triggered syncs
   * wait until the dict's writes in flight have settled.
   */
  async write<T>(run: () => Promise<T>): Promise<T> {
    this.writesInFlight++;
    try {
      return await run();
    } finally {
      if (--this.writesInFlight === 0 && this.syncAfterWrites) {
        this.syncAfterWrites = false;
        this.scheduleBackground();
      }
    }
  }

  private onWatchEvent(note: () => void): void {
    note();
    if (this.writesInFlight > 0) this.syncAfterWrites = true;
    else this.scheduleBackground();
  }

  private scheduleBackground(): void {
    if (!this.stopped) queueMicrotask(() => void this.background());
  }

  private markReachable(): void {
    this.failures = 0;
    this.retryAt = 0;
  }

  private markUnreachable(error: unknown): void {
    const backoff = this.retryDelay * 2 ** Math.min(this.failures, 4);
    this.failures++;
    this.retryAt = Date.now() + backoff;
    this.report(
      DurableDictError.isInstance(error)
        ? error
        : new DurableDictError("background sync failed", { adapter: this.adapter, cause: error }),
    );
  }
}
