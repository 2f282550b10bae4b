import type { DurableStore, StoreChanges, Version, WatchHandlers } from "@durabledict/core";
import { WatchSubscribers } from "@durabledict/core/adapter";
import type { Client, Stat } from "node-zookeeper-client";
import { connectionString } from "./driver-internals.js";
import { NodeTracker } from "./node-tracker.js";
import { parseVersionToken, versionToken } from "./root-version.js";
import { type SessionState, type ZkSession, zkSessions } from "./zk-session.js";
import { validateZookeeperKey, validateZookeeperPayload } from "./zookeeper-keys.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";
import { ZookeeperWrites } from "./zookeeper-writes.js";

/**
 * A dict stored in ZooKeeper: one znode per key at `<path>/<key>`, its data the encoded value as UTF-8. The
 * root znode at `<path>` (created if missing) is bumped in the same multi as every write, so its counters are
 * the version. Watches on the root's children and on every key make the version check free while the
 * session is live, and let a sync re-read only the keys that changed. Stores over one client share its
 * session; a store never closes the client it was given, only those it made to renew an expired session.
 */
export class ZookeeperStore extends ZookeeperWrites implements DurableStore<string> {
  /** The adapter's name in error messages. */
  readonly name = "zookeeper";
  /** The servers and the path: dicts of this process over the same data hear of each other's writes at once. */
  readonly scope: string | undefined;
  protected readonly session: ZkSession;
  protected tracker: NodeTracker;
  private readonly subscribers = new WatchSubscribers();
  /** Whether a change waits to be announced with the first root stat read after it. */
  private unannounced = false;
  private leave: (() => void) | undefined;

  /**
   * @param client - a node-zookeeper-client `Client` on which `connect()` was called (or will be soon).
   * @param path - the root znode, absolute, e.g. `"/myapp/settings"`.
   */
  constructor(
    private readonly client: Client,
    readonly path: string,
    protected readonly options: ZookeeperStoreOptions = {},
  ) {
    super();
    if (!/^(\/[^/]+)+$/.test(path) || /\/\.\.?(\/|$)/.test(path)) {
      throw new TypeError(`[durabledict:zookeeper] "${path}" is not an absolute znode path below "/"`);
    }
    const servers = connectionString(client)?.replace(/^[^/]*/, (hosts) => hosts.split(",").sort().join(","));
    this.scope = servers && `zookeeper://${servers}${path}`;
    this.session = zkSessions.acquire(client, options);
    this.tracker = this.newTracker();
    const onEvent = (eventPath: string) => this.tracker.event(eventPath);
    this.leave = this.session.join({ root: path, onEvent, onState: (state) => this.onState(state) });
  }

  /** Refuses keys that cannot name a znode: empty, `.`, `..`, containing `/` or characters ZooKeeper refuses. */
  validateKey(key: string): void {
    validateZookeeperKey(key);
  }

  /** Refuses a value whose write would exceed ZooKeeper's request limit (`jute.maxbuffer`). */
  validatePayload(key: string, payload: string): void {
    validateZookeeperPayload(key, this.znode(key), payload, this.options.maxRequestBytes ?? 0xfffff);
  }

  /** Every key and payload, read with watches armed on the root's children and on each key. */
  async durables(): Promise<Map<string, string>> {
    return this.read((await this.withRoot(() => this.listRoot()))?.children ?? []);
  }

  /** The root's counters and this session's mark, in one `exists` (creating the root if missing). */
  async lastUpdated(): Promise<Version> {
    const epoch = this.tracker.epoch;
    const root = await this.withRoot(() => this.rootStat());
    return root && versionToken(root.stat, epoch, root.mark);
  }

  /**
   * Re-reads the keys the watches saw change after `since` (listing the children if the child watch fired),
   * reading the root's counters in the same round trip. `undefined` when `since` is from another session or
   * another incarnation of the root, or the root is gone.
   */
  async changesSince(since: Version): Promise<StoreChanges<string> | undefined> {
    const tracker = this.tracker;
    const seen = parseVersionToken(since);
    if (seen?.epoch !== tracker.epoch || seen.mark > tracker.mark) return undefined;
    const root = await (tracker.childMark === undefined ? this.rootStat() : this.listRoot());
    if (root?.stat.czxid.toString("hex") !== seen.czxid || tracker !== this.tracker) return undefined;
    const mark = tracker.settledMark();
    const keys = tracker.changedAfter(seen.mark);
    const changed = await this.read(keys);
    const deleted = keys.filter((key) => !changed.has(key));
    return { version: versionToken(root.stat, tracker.epoch, mark), changed, deleted };
  }

  /** Announces each burst of changes with the version read after it, and the session going live or down. */
  async watch(handlers: WatchHandlers): Promise<() => Promise<void>> {
    // Live before the dict's first load, when the client connects in time: no check follows that load.
    await this.session.firstConnection(this.options.requestTimeout ?? 5000);
    this.subscribers.setLive(this.session.live);
    const remove = this.subscribers.add(handlers);
    return async () => remove();
  }

  /** Stops watching and lets go of the session, which closes the clients it made once no store uses it. */
  async close(): Promise<void> {
    this.subscribers.clear();
    if (this.leave === undefined) return;
    this.leave();
    this.leave = undefined;
    zkSessions.release(this.client, this.session);
  }

  /** The payloads of `keys`, arming their watches; missing keys are left out. */
  private async read(keys: readonly string[]): Promise<Map<string, string>> {
    const nodes = await Promise.all(keys.map((key) => this.getData(key)));
    return new Map(keys.flatMap((key, i) => (nodes[i] ? [[key, nodes[i].data]] : [])));
  }

  private async withRoot<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    return (await read()) ?? (await this.ensureRoot().then(read));
  }

  private newTracker(): NodeTracker {
    const tracker: NodeTracker = new NodeTracker(this.path, this.session.epoch, () => {
      if (tracker === this.tracker) this.changed();
    });
    return tracker;
  }

  /**
   * A change to announce. ZooKeeper sends events before the replies to later requests, so the first root stat
   * that arrives after the change gives its version: a write's own reply, usually, or else one `exists`.
   */
  private changed(): void {
    if (this.subscribers.size === 0 || this.unannounced) return;
    this.unannounced = true;
    setImmediate(() => {
      if (this.unannounced && this.session.live) this.rootStat().catch(() => {});
    });
  }

  protected sawRoot(stat: Stat): number {
    const { epoch, mark } = this.tracker;
    if (this.unannounced) {
      this.unannounced = false;
      this.subscribers.announce(versionToken(stat, epoch, mark));
    }
    return mark;
  }

  private onState(state: SessionState): void {
    // A new session has none of the old one's watches: start over, which makes the next sync a full load.
    if (state === "expired") this.tracker = this.newTracker();
    this.subscribers.setLive(state === "live");
  }
}
