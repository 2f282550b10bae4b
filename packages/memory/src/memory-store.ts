import type {
  DepersistResult,
  DurableStore,
  PopResult,
  SetdefaultResult,
  StoreChanges,
  Version,
  VersionStep,
  WatchHandlers,
} from "@durabledict/core";
import { epochVersion, WatchSubscribers } from "@durabledict/core/adapter";

/**
 * An in-process store: the reference adapter. Several dicts opened on one `MemoryStore` behave like
 * processes sharing a server, watch included, so cross-instance behaviour can be tried without one.
 *
 * Versions are strings `<epoch>:<counter>`; {@link MemoryStore.simulateVersionReset} starts a new epoch,
 * as a Redis restart without persistence or a memcache eviction would lose a counter.
 *
 * @typeParam P - the payload type: `string` for the default JSON encoding, `unknown` with `noopEncoding`.
 */
export class MemoryStore<P = string> implements DurableStore<P> {
  readonly name = "memory";
  private readonly entries = new Map<string, P>();
  /** For `changesSince`: the counter at which each key last changed, deletions included. */
  private readonly changedAt = new Map<string, number>();
  /**
   * Every change as `[counter, key]`, oldest first, so `changesSince` reads back from the newest entry and
   * costs O(changes), not O(size). Compacted to the latest change per key when it doubles.
   */
  private log: [number, string][] = [];
  private readonly subscribers = new WatchSubscribers(true);
  private epoch = epochVersion.newEpoch();
  private counter = 0;
  private reachable = true;

  async persist(key: string, payload: P): Promise<VersionStep> {
    this.checkReachable();
    this.entries.set(key, payload);
    return this.bump(key);
  }

  async persistMany(entries: Map<string, P>): Promise<VersionStep> {
    this.checkReachable();
    const previous = this.version();
    this.counter++;
    for (const [key, payload] of entries) {
      this.entries.set(key, payload);
      this.record(key);
    }
    this.notify();
    return { previous, version: this.version() };
  }

  async depersist(key: string): Promise<DepersistResult> {
    this.checkReachable();
    if (!this.entries.delete(key)) return { existed: false };
    return { existed: true, ...this.bump(key) };
  }

  async durables(): Promise<Map<string, P>> {
    this.checkReachable();
    return new Map(this.entries);
  }

  async lastUpdated(): Promise<Version> {
    return this.lastUpdatedSync();
  }

  /** The version, answered synchronously: an autosync read that finds it unchanged needs no promise chain. */
  lastUpdatedSync(): Version {
    this.checkReachable();
    return this.version();
  }

  async pop(key: string): Promise<PopResult<P> | undefined> {
    this.checkReachable();
    if (!this.entries.has(key)) return undefined;
    const payload = this.entries.get(key) as P;
    this.entries.delete(key);
    return { payload, ...this.bump(key) };
  }

  async setdefault(key: string, payload: P): Promise<SetdefaultResult<P>> {
    this.checkReachable();
    if (this.entries.has(key)) return { payload: this.entries.get(key) as P, created: false };
    this.entries.set(key, payload);
    return { payload, created: true, ...this.bump(key) };
  }

  async changesSince(since: Version): Promise<StoreChanges<P> | undefined> {
    this.checkReachable();
    const seen = epochVersion.counterIn(since, this.epoch);
    if (seen === undefined || seen > this.counter) return undefined;
    const changed = new Map<string, P>();
    const deleted: string[] = [];
    for (let i = this.log.length - 1; i >= 0 && this.log[i]![0] > seen; i--) {
      const [at, key] = this.log[i]!;
      if (this.changedAt.get(key) !== at) continue;
      if (this.entries.has(key)) changed.set(key, this.entries.get(key) as P);
      else deleted.push(key);
    }
    return { version: this.version(), changed, deleted };
  }

  async watch(handlers: WatchHandlers): Promise<() => Promise<void>> {
    this.checkReachable();
    const remove = this.subscribers.add(handlers);
    return async () => remove();
  }

  async close(): Promise<void> {
    this.subscribers.clear();
  }

  /**
   * Rehearses an outage: while unreachable every call rejects as a driver would and watches go dead;
   * when reachable again, watches come back live.
   */
  setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    this.subscribers.setLive(reachable);
  }

  /** Rehearses a lost version counter: the version starts over in a new epoch, and the change log with it. */
  simulateVersionReset(): void {
    this.epoch = epochVersion.newEpoch();
    this.counter = 0;
    this.changedAt.clear();
    this.log = [];
  }

  private bump(key: string): VersionStep {
    const previous = this.version();
    this.counter++;
    this.record(key);
    this.notify();
    return { previous, version: this.version() };
  }

  private record(key: string): void {
    this.changedAt.set(key, this.counter);
    this.log.push([this.counter, key]);
    if (this.log.length > 2 * this.changedAt.size + 64) {
      this.log = [...this.changedAt].map(([k, at]): [number, string] => [at, k]).sort((a, b) => a[0] - b[0]);
    }
  }

  /** Tells every watcher of the version just reached, a microtask later, as a server's message would arrive. */
  private notify(): void {
    const version = this.version();
    queueMicrotask(() => this.subscribers.announce(version));
  }

  private version(): string {
    return epochVersion.format(this.epoch, this.counter);
  }

  private checkReachable(): void {
    if (!this.reachable) throw new Error("memory store is unreachable (simulated outage)");
  }
}
