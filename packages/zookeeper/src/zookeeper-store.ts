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
import type { Client, Stat } from "node-zookeeper-client";
import { connectionString } from "./driver-internals.js";
import { NodeTracker } from "./node-tracker.js";
import { parseVersionToken, versionToken } from "./root-version.js";
import { ZkRequests } from "./zk-requests.js";
import { type SessionState, ZkSession } from "./zk-session.js";
import { validateZookeeperKey, validateZookeeperPayload } from "./zookeeper-keys.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";
import { ZookeeperWrites } from "./zookeeper-writes.js";

const defaultRequestTimeout = 5000;
const defaultMaxRequestBytes = 0xfffff;

/**
 * A dict stored in ZooKeeper: one znode per key at `<path>/<key>`, its data the encoded value as UTF-8. The
 * root znode at `<path>` (created if missing) is bumped in the same multi as every write, so its counters are
 * the version. Watches on the root's children and on every key make the version check free while the
 * session is live, and let a sync re-read only the keys that changed.
 *
 * Stores over one client share its session (one state listener, one heartbeat, one renewal). Never closes the
 * client it was given; closes the clients it made to renew an expired session.
 */
export class ZookeeperStore implements DurableStore<string> {
  /** The adapter's name in error messages. */
  readonly name = "zookeeper";
  /** The root znode's path. */
  readonly path: string;
  /** The servers and the path: stores of this process over the same data hear of each other's writes at once. */
  readonly scope: string | undefined;
  private readonly session: ZkSession;
  private readonly requests: ZkRequests;
  private readonly writes: ZookeeperWrites;
  private readonly maxRequestBytes: number;
  private readonly timeout: number;
  private readonly watchers = new Set<WatchHandlers>();
  private tracker: NodeTracker;
  /** Whether a watch event waits to be announced with the version read after it. */
  private unannounced = false;
  private leave: (() => void) | undefined;

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
    const servers = connectionString(client)?.split("/")[0];
    const chroot = connectionString(client)?.slice(servers?.length ?? 0);
    this.scope = servers && `zookeeper://${servers.split(",").sort().join(",")}${chroot}${path}`;
    this.session = ZkSession.acquire(client, options);
    this.timeout = options.requestTimeout ?? defaultRequestTimeout;
    this.requests = new ZkRequests(this.session, this.timeout, path, (stat) => this.sawRoot(stat));
    this.tracker = this.newTracker();
    this.writes = new ZookeeperWrites(this.requests, () => this.tracker);
    this.leave = this.session.join(path, {
      onEvent: (eventPath) => this.tracker.event(eventPath),
      onState: (state) => this.onState(state),
    });
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
  ensureRoot(): Promise<void> {
    return this.requests.mkdirp();
  }

  /** Creates or replaces the key's znode and bumps the root, atomically. */
  persist(key: string, payload: string): Promise<VersionStep | undefined> {
    return this.writes.persistMany(new Map([[key, payload]]));
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
  async durables(): Promise<Map<string, string>> {
    const tracker = this.tracker;
    const listing = await this.withRoot(() => this.list(tracker));
    const children = listing?.children ?? [];
    const nodes = await Promise.all(children.map((key) => this.requests.getData(key)));
    tracker.established = listing !== undefined;
    const all = new Map<string, string>();
    for (const [i, key] of children.entries()) if (nodes[i]) all.set(key, nodes[i].data);
    return all;
  }

  /** The root's counters with this session's event mark, in one `exists` (creating the root if missing). */
  async lastUpdated(): Promise<Version> {
    const tracker = this.tracker;
    const root = await this.withRoot(() => this.requests.rootStat());
    return root && versionToken(root.stat, tracker.epoch, root.mark);
  }

  /**
   * Re-reads only the keys the watches reported changed after `since` (and lists the children when the child
   * watch fired). `undefined` when `since` is from another session or root, or the watches are not all armed.
   */
  async changesSince(since: Version): Promise<StoreChanges<string> | undefined> {
    const tracker = this.tracker;
    const seen = parseVersionToken(since);
    if (!seen || seen.epoch !== tracker.epoch || !tracker.established || seen.mark > tracker.mark)
      return undefined;
    const stat =
      tracker.childMark === undefined
        ? (await this.requests.rootStat())?.stat
        : (await this.list(tracker))?.stat;
    if (stat === undefined || tracker !== this.tracker || stat.czxid.toString("hex") !== seen.czxid) {
      return undefined;
    }
    const mark = tracker.settledMark();
    const keys = tracker.changedAfter(seen.mark);
    const nodes = await Promise.all(keys.map((key) => this.requests.getData(key)));
    const changes: StoreChanges<string> = {
      version: versionToken(stat, tracker.epoch, mark),
      changed: new Map(),
      deleted: [],
    };
    for (const [i, key] of keys.entries()) {
      if (nodes[i]) changes.changed.set(key, nodes[i].data);
      else changes.deleted.push(key);
    }
    return changes;
  }

  /**
   * Reports each burst of watch events with the version read after it, and the session going live or down.
   * While the session is live, the heartbeat has answered within its interval.
   */
  async watch(handlers: WatchHandlers): Promise<() => Promise<void>> {
    // Live from the start when the client connects in time: no check follows the dict's first load.
    await this.session.firstConnection(this.timeout);
    this.watchers.add(handlers);
    if (this.session.live) handlers.onStatus(true);
    return async () => {
      this.watchers.delete(handlers);
    };
  }

  /** Stops watching; the session closes the clients it made once no store uses it. */
  async close(): Promise<void> {
    this.watchers.clear();
    this.leave?.();
    if (this.leave) this.session.release();
    this.leave = undefined;
  }

  private async withRoot<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    const found = await read();
    if (found !== undefined) return found;
    await this.ensureRoot();
    return read();
  }

  /** Lists the root's children, arming the child watch, and applies the listing to `tracker`. */
  private list(tracker: NodeTracker): Promise<{ children: string[]; stat: Stat } | undefined> {
    return this.requests.listRoot(tracker.beginListing());
  }

  private newTracker(): NodeTracker {
    const tracker: NodeTracker = new NodeTracker(this.path, this.session.epoch, () => this.onEvent(tracker));
    return tracker;
  }

  /**
   * A watch event: once a reply carrying the root's stat arrives after it (ZooKeeper orders events before
   * later replies), its version is announced. A write's own reply usually follows its events at once;
   * otherwise one `exists` of the root is that barrier.
   */
  private onEvent(tracker: NodeTracker): void {
    if (tracker !== this.tracker || this.watchers.size === 0 || this.unannounced) return;
    this.unannounced = true;
    setImmediate(() => {
      if (this.unannounced && this.session.live) this.requests.rootStat().catch(() => {});
    });
  }

  /** A root stat just arrived: announces the events before it with the version they lead to. */
  private sawRoot(stat: Stat): number {
    const tracker = this.tracker;
    if (this.unannounced) {
      this.unannounced = false;
      const version = versionToken(stat, tracker.epoch, tracker.mark);
      for (const watcher of [...this.watchers]) watcher.onChange(version);
    }
    return tracker.mark;
  }

  private onState(state: SessionState): void {
    // A new session has none of the old one's watches: start over, which forces a full reload.
    if (state === "expired") this.tracker = this.newTracker();
    for (const watcher of [...this.watchers]) watcher.onStatus(state === "live");
  }
}
