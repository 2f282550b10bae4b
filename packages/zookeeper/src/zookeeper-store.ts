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
import type { Client } from "node-zookeeper-client";
import { NodeTracker } from "./node-tracker.js";
import { parseVersionToken, rootCounters, versionToken } from "./root-version.js";
import { joinSiblings, type Siblings } from "./sibling-writes.js";
import { type ConnectionEvent, ZkConnection } from "./zk-connection.js";
import { ZkRequests } from "./zk-requests.js";
import { validateZookeeperKey, validateZookeeperPayload } from "./zookeeper-keys.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";
import { ZookeeperWrites } from "./zookeeper-writes.js";

const defaultRequestTimeout = 5000;
const defaultMaxRequestBytes = 0xfffff;

/**
 * A dict stored in ZooKeeper: one znode per key at `<path>/<key>`, its data the encoded value as UTF-8. The
 * root znode at `<path>` (created if missing) is bumped in the same multi as every write, so its counters are
 * the version. Watches on the root's children and on every key make the version check free while connected,
 * and let a sync re-read only the keys that changed.
 *
 * `openZookeeperDict` makes one store per dict; several dicts may share one (they then hear of each other's
 * writes through it). Never closes the client it was given; closes the clients `renewSession` gave it.
 */
export class ZookeeperStore implements DurableStore<string> {
  /** The adapter's name in error messages. */
  readonly name = "zookeeper";
  /** The root znode's path. */
  readonly path: string;
  private readonly connection: ZkConnection;
  private readonly requests: ZkRequests;
  private readonly writes: ZookeeperWrites;
  private readonly watchers = new Set<WatchHandlers>();
  private readonly maxRequestBytes: number;
  private tracker: NodeTracker;
  private readonly unsubscribe: () => void;
  private readonly siblings: Siblings;
  /** Sync reads in flight, and whether a watch event arrived meanwhile (see {@link ZookeeperStore.syncRead}). */
  private reading = 0;
  private missed = false;

  /**
   * @param client - a node-zookeeper-client `Client` on which `connect()` was called (or will be soon).
   * @param path - the root znode, absolute, e.g. `"/myapp/settings"`.
   */
  constructor(client: Client, path: string, options: ZookeeperStoreOptions = {}) {
    if (!/^(\/[^/]+)+$/.test(path) || /\/\.\.?(\/|$)/.test(path)) {
      throw new TypeError(`[durabledict:zookeeper] "${path}" is not an absolute znode path below "/"`);
    }
    this.path = path;
    this.maxRequestBytes = options.maxRequestBytes ?? defaultMaxRequestBytes;
    this.connection = new ZkConnection(
      client,
      options.requestTimeout ?? defaultRequestTimeout,
      options.renewSession,
    );
    this.requests = new ZkRequests(this.connection);
    this.tracker = this.newTracker();
    this.siblings = joinSiblings(path, (keys) => {
      for (const key of keys) this.tracker.touch(key);
    });
    this.writes = new ZookeeperWrites(
      this.requests,
      this.connection,
      path,
      () => this.tracker,
      this.siblings,
    );
    this.unsubscribe = this.connection.on((event) => this.onConnection(event));
  }

  /** Refuses keys that cannot name a znode: empty, `.`, `..`, containing `/` or characters ZooKeeper refuses. */
  validateKey(key: string): void {
    validateZookeeperKey(key);
  }

  /** Refuses a value whose write would exceed ZooKeeper's request limit (`jute.maxbuffer`). */
  validatePayload(key: string, payload: string): void {
    validateZookeeperPayload(key, `${this.path}/${key}`, payload, this.maxRequestBytes);
  }

  /** Creates the root znode (and its parents) if missing. */
  async ensureRoot(): Promise<void> {
    await this.requests.mkdirp(this.path);
  }

  /** Creates or replaces the key's znode and bumps the root, atomically. */
  persist(key: string, payload: string): Promise<VersionStep | undefined> {
    return this.writes.persist(key, payload);
  }

  /** Writes every entry and bumps the root once, in one multi. */
  persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    return this.writes.persistMany(entries);
  }

  /** Deletes the key's znode and bumps the root, atomically; a missing key changes nothing. */
  depersist(key: string): Promise<DepersistResult> {
    return this.writes.depersist(key);
  }

  /** Atomic pop: deletes the exact version it read, or reads again. */
  pop(key: string): Promise<PopResult<string> | undefined> {
    return this.writes.pop(key);
  }

  /** Atomic get-or-create: create, and on "node exists" read what is there. */
  setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    return this.writes.setdefault(key, payload);
  }

  /** Every key and payload, read with watches armed on the root's children and on each key. */
  durables(): Promise<Map<string, string>> {
    return this.syncRead(() => this.readAll());
  }

  private async readAll(): Promise<Map<string, string>> {
    const tracker = this.tracker;
    tracker.beginListing();
    let listing = await this.requests.getChildren(this.path, tracker.childWatcher);
    if (listing === undefined) {
      await this.ensureRoot();
      listing = await this.requests.getChildren(this.path, tracker.childWatcher);
    }
    const children = listing?.children ?? [];
    const nodes = await Promise.all(
      children.map((key) => this.requests.getData(`${this.path}/${key}`, tracker.dataWatcher)),
    );
    tracker.listed(children);
    tracker.established = listing !== undefined;
    const all = new Map<string, string>();
    for (const [i, key] of children.entries()) {
      const node = nodes[i];
      if (node !== undefined) all.set(key, node.data);
    }
    return all;
  }

  /** The root's counters with this session's watch-event count (creating the root if it is missing). */
  lastUpdated(): Promise<Version> {
    return this.syncRead(() => this.readVersion());
  }

  private async readVersion(): Promise<Version> {
    const tracker = this.tracker;
    const epoch = this.connection.epoch;
    let stat = await this.requests.exists(this.path);
    if (stat === undefined) {
      await this.ensureRoot();
      stat = await this.requests.exists(this.path);
    }
    await this.siblings.othersIdle();
    return stat === undefined ? undefined : versionToken(rootCounters(stat), epoch, tracker.mark);
  }

  /**
   * Re-reads only the keys the watches reported changed after `since` (and lists the children when the child
   * watch fired). `undefined` when `since` is from another session or the watches are not established yet.
   */
  changesSince(since: Version): Promise<StoreChanges<string> | undefined> {
    return this.syncRead(() => this.readChanges(since));
  }

  private async readChanges(since: Version): Promise<StoreChanges<string> | undefined> {
    const tracker = this.tracker;
    const epoch = this.connection.epoch;
    const seen = parseVersionToken(since);
    if (seen === undefined || seen.epoch !== epoch || !tracker.established || seen.mark > tracker.mark) {
      return undefined;
    }
    const relisting = tracker.childrenStale;
    if (relisting) tracker.beginListing();
    const [stat, listing] = await Promise.all([
      this.requests.exists(this.path),
      relisting ? this.requests.getChildren(this.path, tracker.childWatcher) : undefined,
    ]).catch((error: unknown) => {
      if (relisting) tracker.listed(undefined);
      throw error;
    });
    if (relisting) tracker.listed(listing?.children);
    if (stat === undefined || tracker !== this.tracker) return undefined;
    const latest = new Map<string, string | undefined>();
    let mark = seen.mark;
    // Again while a write of a sibling store (or an event) marked keys during the reads: a dict that joins
    // this sync after that write resolved must find it here.
    for (let round = 0; round < 5; round++) {
      await this.siblings.othersIdle();
      const keys = tracker.changedAfter(mark);
      if (keys.length === 0 && round > 0) break;
      mark = tracker.settledMark();
      const nodes = await Promise.all(
        keys.map((key) => this.requests.getData(`${this.path}/${key}`, tracker.dataWatcher)),
      );
      for (const [i, key] of keys.entries()) latest.set(key, nodes[i]?.data);
    }
    const changed = new Map<string, string>();
    const deleted: string[] = [];
    for (const [key, data] of latest) {
      if (data === undefined) deleted.push(key);
      else changed.set(key, data);
    }
    return { version: versionToken(rootCounters(stat), epoch, mark), changed, deleted };
  }

  /** Reports every watch event as a change, and the connection going up or down (or the session expiring). */
  async watch(handlers: WatchHandlers): Promise<() => Promise<void>> {
    this.watchers.add(handlers);
    if (this.connection.isConnected) handlers.onStatus(true);
    return async () => {
      this.watchers.delete(handlers);
    };
  }

  /** Stops watching; closes only the clients the store created itself (renewed sessions). */
  async close(): Promise<void> {
    this.unsubscribe();
    this.siblings.leave();
    this.watchers.clear();
    this.connection.close();
  }

  /**
   * Runs a read a sync makes. A dict joins the sync in flight when told of a change, so an event that arrives
   * during one may not be in its result: once no sync read is left, the watchers are told again.
   */
  private async syncRead<T>(read: () => Promise<T>): Promise<T> {
    this.reading++;
    try {
      return await read();
    } finally {
      this.reading--;
      if (this.reading === 0 && this.missed) {
        this.missed = false;
        setTimeout(() => this.notifyWatchers(), 0);
      }
    }
  }

  private notifyWatchers(): void {
    if (this.reading > 0) this.missed = true;
    for (const watcher of this.watchers) watcher.onChange();
  }

  private newTracker(): NodeTracker {
    return new NodeTracker(
      this.path,
      () => this.notifyWatchers(),
      () => this.watchers.size <= 1,
    );
  }

  private onConnection(event: ConnectionEvent): void {
    // A new session has none of the old one's watches: start over, which forces a full reload.
    if (event === "expired") this.tracker = this.newTracker();
    for (const watcher of this.watchers) watcher.onStatus(event === "connected");
  }
}
