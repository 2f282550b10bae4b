import type { DurableStore, StoreChanges, Version, WatchHandlers } from "@durabledict/core";
import { EncodingError, InvalidKeyError } from "@durabledict/core";
import { WatchSubscribers } from "@durabledict/core/adapter";
import type { Client, Stat } from "node-zookeeper-client";
import { connectionString } from "./driver-internals.js";
import { NodeTracker } from "./node-tracker.js";
import { parseVersionToken, versionToken } from "./root-version.js";
import { type ZkSession, zkSessions } from "./zk-session.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";
import { ZookeeperWrites } from "./zookeeper-writes.js";

/** What ZooKeeper's `PathUtils.validatePath` refuses: controls, \ud800-\uf8ff (so emoji), \ufff0-\uffff. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const refusedCharacters = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;
/** Room kept in a request for the framing, the ACL and the root's version bump, in bytes. */
const requestOverhead = 512;

/**
 * A dict in ZooKeeper: one znode per key at `<path>/<key>`, its data the encoded value as UTF-8, under a root
 * znode (created if missing) bumped in the same multi as every write, so its counters are the version.
 * Watches on the children and every key make the version check free while the session is live, and a sync
 * re-read only changed keys. Stores over one client share its session; each closes only the clients it made.
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
    this.leave = this.session.join({
      root: path,
      // A watch event on the root is one on its child list.
      onEvent: (node) => this.tracker.record(node === path ? undefined : node.slice(path.length + 1)),
      onState: (state) => {
        // A new session has none of the old one's watches: start over, which makes the next sync a full load.
        if (state === "expired") this.tracker = this.newTracker();
        this.subscribers.setLive(state === "live");
      },
    });
  }

  /** Refuses keys that cannot name a znode: empty, `.`, `..`, containing `/` or characters ZooKeeper refuses. */
  validateKey(key: string): void {
    const bad = refusedCharacters.exec(key)?.[0].charCodeAt(0).toString(16).padStart(4, "0");
    let reason: string | undefined;
    if (key === "") reason = "ZooKeeper cannot hold an empty key";
    else if (key === "." || key === "..") reason = `"${key}" is a relative path name in ZooKeeper`;
    else if (key.includes("/")) reason = 'keys cannot contain "/", ZooKeeper\'s path separator';
    else if (bad) reason = `ZooKeeper refuses the character \\u${bad} in a path`;
    if (reason) throw new InvalidKeyError(key, reason, "zookeeper");
  }

  /** Refuses a value whose write would exceed ZooKeeper's request limit (`jute.maxbuffer`). */
  validatePayload(key: string, payload: string): void {
    const max = this.options.maxRequestBytes ?? 0xfffff;
    const bytes = Buffer.byteLength(payload, "utf8");
    const limit = max - requestOverhead - 2 * Buffer.byteLength(this.znode(key), "utf8");
    if (bytes <= limit) return;
    const reason = `the encoded value is ${bytes} bytes; ZooKeeper takes at most ${limit} here (jute.maxbuffer ${max})`;
    throw new EncodingError(key, reason, { adapter: "zookeeper" });
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

  // ZooKeeper sends events before the replies to later requests, so the first root stat after a change gives
  // its version: usually a write's own reply, else one `exists`.
  private newTracker(): NodeTracker {
    const tracker: NodeTracker = new NodeTracker(this.session.epoch, () => {
      if (tracker !== this.tracker || this.subscribers.size === 0 || this.unannounced) return;
      this.unannounced = true;
      setImmediate(() => {
        if (this.unannounced && this.session.live) this.rootStat().catch(() => {});
      });
    });
    return tracker;
  }

  protected sawRoot(stat: Stat): number {
    const { epoch, mark } = this.tracker;
    if (this.unannounced) {
      this.unannounced = false;
      this.subscribers.announce(versionToken(stat, epoch, mark));
    }
    return mark;
  }
}
