import type { StoreChanges, Version, WatchHandlers } from "@durabledict/core";
import { WatchSubscribers } from "@durabledict/core/adapter";
import { type Client, Exception, type Stat } from "node-zookeeper-client";
import { NodeTracker } from "./node-tracker.js";
import { type Request, type ZkSession, zkSessions } from "./zk-session.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** Whether `error` is one of the driver's exception `codes`, by code: the driver may be another copy. */
export function isZkError(error: unknown, ...codes: number[]): boolean {
  return error instanceof Error && codes.some((code) => (error as Error & { code?: unknown }).code === code);
}

/** What `request` resolves to, or `undefined` if it failed on a missing znode. */
export function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  return request.catch((error: unknown) => {
    if (isZkError(error, Exception.NO_NODE)) return undefined;
    throw error;
  });
}

/** The reads, watches and requests of {@link ZookeeperStore}, over its client's shared session. */
export abstract class ZookeeperReads {
  protected readonly session: ZkSession;
  protected tracker: NodeTracker;
  private readonly subscribers = new WatchSubscribers();
  /** Whether a change waits to be announced with the first root stat read after it. */
  private unannounced = false;
  private leave: (() => void) | undefined;

  constructor(
    private readonly client: Client,
    readonly path: string,
    protected readonly options: ZookeeperStoreOptions,
  ) {
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

  /** Every key and payload, read with watches armed on the root's children and on each key. */
  async durables(): Promise<Map<string, string>> {
    return this.read((await this.withRoot(() => this.listRoot()))?.children ?? []);
  }

  /** The root's counters and this session's mark, in one `exists` (creating the root if missing). */
  async lastUpdated(): Promise<Version> {
    const tracker = this.tracker;
    const root = await this.withRoot(() => this.rootStat());
    return root && tracker.version(root.stat, root.mark);
  }

  /** Re-reads the keys the watches saw change after `since`; `undefined` for another session's or root's. */
  async changesSince(since: Version): Promise<StoreChanges<string> | undefined> {
    const tracker = this.tracker;
    const seen = tracker.parse(since);
    if (seen === undefined) return undefined;
    const root = await (tracker.childMark === undefined ? this.rootStat() : this.listRoot());
    if (root?.stat.czxid.toString("hex") !== seen.czxid || tracker !== this.tracker) return undefined;
    const keys = tracker.changedAfter(seen.mark);
    const changed = await this.read(keys);
    const deleted = keys.filter((key) => !changed.has(key));
    return { version: tracker.version(root.stat, root.settled), changed, deleted };
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

  /** Creates the root znode (and its parents) if missing. */
  async ensureRoot(): Promise<void> {
    await this.send<[string]>("mkdirp", (c, done) => c.mkdirp(this.path, done));
  }

  /** The key's data and stat, arming its watch; `undefined` when the key is missing. */
  protected async getData(key: string): Promise<{ data: string; stat: Stat } | undefined> {
    const found = await orMissing(
      this.send<[Buffer | undefined, Stat]>("getData", (c, done) =>
        c.getData(this.znode(key), this.session.watcher, done),
      ),
    );
    return found && { data: found[0]?.toString("utf8") ?? "", stat: found[1] };
  }

  /** The key's stat, arming its watch; `undefined` when the key is missing. */
  protected async exists(key: string): Promise<Stat | undefined> {
    const [stat] = await this.send<[Stat | null]>("exists", (c, done) =>
      c.exists(this.znode(key), this.session.watcher, done),
    );
    return stat ?? undefined;
  }

  /**
   * The root's children and stat, arming the child watch; the tracker sees keys that came or went. `settled`
   * is the tracker's settled mark as the reply arrived, before any event after it.
   */
  protected async listRoot() {
    const listed = this.tracker.beginListing();
    const listing = this.send<[string[], Stat, number]>("getChildren", (c, done) =>
      c.getChildren(this.path, this.session.watcher, (error, children, stat) => {
        if (error) return done(error, children, stat, 0);
        listed(children);
        this.sawRoot(stat);
        done(error, children, stat, this.tracker.settledMark());
      }),
    );
    listing.catch(() => listed());
    const found = await orMissing(listing);
    return found && { children: found[0], stat: found[1], settled: found[2] };
  }

  protected znode(key: string): string {
    return `${this.path}/${key}`;
  }

  protected send<A extends unknown[]>(operation: string, start: Request<A>) {
    return this.session.send<A>(operation, this.options.requestTimeout ?? 5000, start);
  }

  // Called as a reply carrying the root's stat arrives, after every event before it (ZooKeeper's order):
  // announces a waiting change with that stat, and returns the mark then.
  protected sawRoot(stat: Stat): number {
    const { mark } = this.tracker;
    if (this.unannounced) {
      this.unannounced = false;
      this.subscribers.announce(this.tracker.version(stat, mark));
    }
    return mark;
  }

  /** The root's stat, and the mark and settled mark as it arrived; `undefined` when the root is missing. */
  private async rootStat(): Promise<{ stat: Stat; mark: number; settled: number } | undefined> {
    const [stat, mark, settled] = await this.send<[Stat | null, number, number]>("exists", (c, done) =>
      c.exists(this.path, (error: unknown, stat: Stat | null) =>
        done(error, stat, stat ? this.sawRoot(stat) : 0, this.tracker.settledMark()),
      ),
    );
    return stat ? { stat, mark, settled } : undefined;
  }

  /** The payloads of `keys`, arming their watches; missing keys are left out. */
  private async read(keys: readonly string[]): Promise<Map<string, string>> {
    const nodes = await Promise.all(keys.map((key) => this.getData(key)));
    return new Map(keys.flatMap((key, i) => (nodes[i] ? [[key, nodes[i].data]] : [])));
  }

  private async withRoot<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    return (await read()) ?? (await this.ensureRoot().then(read));
  }

  // A change is announced with the next root stat: usually a write's own reply, else one `exists`.
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
}
