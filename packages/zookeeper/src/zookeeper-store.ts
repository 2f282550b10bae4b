import type { DepersistResult, DurableStore, PopResult, SetdefaultResult } from "@durabledict/core";
import { EncodingError, InvalidKeyError, type VersionStep } from "@durabledict/core";
import { raced, retryWhileRaced, utf8Over } from "@durabledict/core/adapter";
import { type Client, Exception, type Stat } from "node-zookeeper-client";
import { connectionString } from "./driver-internals.js";
import type { NodeTracker } from "./node-tracker.js";
import type { Request } from "./zk-session.js";
import { isZkError, orMissing, ZookeeperReads } from "./zookeeper-reads.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** What ZooKeeper's `PathUtils.validatePath` refuses: controls, \ud800-\uf8ff (so emoji), \ufff0-\uffff. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const refusedCharacters = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;
/** Room kept in a request for the framing, the ACL and the root's version bump, in bytes. */
const requestOverhead = 512;
/** Attempts before a write racing other writers on the same key gives up. */
const maxAttempts = 20;
/** One znode operation of a write; a `remove` may name the data version to delete. */
type Operation = { kind: "create" | "update" | "remove"; key: string; payload?: string; version?: number };

/**
 * A dict in ZooKeeper: one znode per key at `<path>/<key>`, its data the encoded value as UTF-8, under a root
 * znode (created if missing) bumped in the same multi as every write, so its counters are the version.
 * Watches on the children and every key make the version check free while the session is live, and a sync
 * re-read only changed keys. Stores over one client share its session; each closes only the clients it made.
 */
export class ZookeeperStore extends ZookeeperReads implements DurableStore<string> {
  /** The adapter's name in error messages. */
  readonly name = "zookeeper";
  /** The servers and the path: dicts of this process over the same data hear of each other's writes at once. */
  readonly scope: string | undefined;

  /**
   * @param client - a node-zookeeper-client `Client` on which `connect()` was called (or will be soon).
   * @param path - the root znode, absolute, e.g. `"/myapp/settings"`.
   */
  constructor(client: Client, path: string, options: ZookeeperStoreOptions = {}) {
    if (!/^(\/[^/]+)+$/.test(path) || /\/\.\.?(\/|$)/.test(path)) {
      throw new TypeError(`[durabledict:zookeeper] "${path}" is not an absolute znode path below "/"`);
    }
    super(client, path, options);
    const servers = connectionString(client)?.replace(/^[^/]*/, (hosts) => hosts.split(",").sort().join(","));
    this.scope = servers && `zookeeper://${servers}${path}`;
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
    const limit = max - requestOverhead - 2 * Buffer.byteLength(this.znode(key), "utf8");
    const bytes = utf8Over(payload, limit);
    if (bytes === undefined) return;
    const reason = `the encoded value is ${bytes} bytes; ZooKeeper takes at most ${limit} here (jute.maxbuffer ${max})`;
    throw new EncodingError(key, reason, { adapter: "zookeeper" });
  }

  /** Creates or replaces the key's znode and bumps the root, atomically. */
  persist(key: string, payload: string): Promise<VersionStep | undefined> {
    return this.persistMany(new Map([[key, payload]]));
  }

  /** Writes every entry in one multi: creates a key that seems missing, updates one that seems present. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    const keys = [...entries.keys()];
    const present = keys.map((key) => this.tracker.children?.has(key) ?? false);
    const kind = (i: number) => (present[i] ? "update" : "create");
    return retryWhileRaced(`set of "${keys.join('", "')}"`, maxAttempts, async () => {
      try {
        return await this.write(keys.map((key, i) => ({ kind: kind(i), key, payload: entries.get(key) })));
      } catch (error) {
        if (isZkError(error, Exception.NO_NODE)) await this.ensureRoot();
        else if (!isZkError(error, Exception.NODE_EXISTS)) throw error;
        const stats = await Promise.all(keys.map((key) => this.exists(key)));
        for (const [i, key] of keys.entries()) {
          present[i] = stats[i] !== undefined;
          // Kept, so that the key's next writes go right the first time.
          if (this.tracker.children?.has(key) === !present[i]) this.tracker.noteExists(key, present[i]);
        }
        return raced;
      }
    });
  }

  /** Deletes the key's znode and bumps the root, atomically; a missing key (or root) changes nothing. */
  async depersist(key: string): Promise<DepersistResult> {
    const removed = this.write([{ kind: "remove", key }]).then((step) => ({ existed: true, ...step }));
    return (await orMissing(removed)) ?? { existed: false };
  }

  /** Atomic pop: reads the key with its version and deletes that version; a write in between makes it read again. */
  pop(key: string): Promise<PopResult<string> | undefined> {
    return retryWhileRaced(`pop of "${key}"`, maxAttempts, async () => {
      const from = this.tracker.mark;
      const node = await this.getData(key);
      if (node === undefined) return undefined;
      try {
        // The driver's multi reads version 0 as "any": make it 1, with the same data.
        const bump: Request<[Stat]> = (c, done) =>
          c.setData(this.znode(key), Buffer.from(node.data), 0, done);
        const version = node.stat.version || (await this.send("setData", bump))[0].version;
        return { payload: node.data, ...(await this.write([{ kind: "remove", key, version }], from)) };
      } catch (error) {
        if (!isZkError(error, Exception.BAD_VERSION, Exception.NO_NODE)) throw error;
        return raced;
      }
    });
  }

  /** Atomic get-or-create: creates the key, and on "node exists" reads what is there. */
  setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    return retryWhileRaced(`setdefault of "${key}"`, maxAttempts, async () => {
      try {
        return { payload, created: true, ...(await this.write([{ kind: "create", key, payload }])) };
      } catch (error) {
        if (isZkError(error, Exception.NO_NODE)) await this.ensureRoot();
        else if (!isZkError(error, Exception.NODE_EXISTS)) throw error;
      }
      const node = await this.getData(key);
      return node === undefined ? raced : { payload: node.data, created: false };
    });
  }

  /**
   * Commits `operations` with the root's bump, re-arming the kept keys' watches in the same round trip (a key
   * whose znode is newer than the write counts as changed). The root's counters after it give those before:
   * the version step is reported when every change seen since mark `from` was this write's own.
   */
  private write(operations: Operation[], from = this.tracker.mark): Promise<VersionStep | undefined> {
    // The tracker keeps every change from `from` on until the write is judged, however many it makes.
    const unpin = this.tracker.pin(from);
    return this.commit(this.tracker, operations, from).finally(unpin);
  }

  /** What {@link ZookeeperStore.write} does, on the tracker of the session it began in. */
  private async commit(tracker: NodeTracker, operations: Operation[], from: number) {
    const listChanges = operations.filter(({ kind }) => kind !== "update");
    const committed = this.send<[Stat, number]>("multi", (c, done) => {
      const transaction = c.transaction();
      for (const { kind, key, payload, version } of operations) {
        const data = Buffer.from(payload ?? "");
        if (kind === "create") transaction.create(this.znode(key), data);
        else if (kind === "update") transaction.setData(this.znode(key), data);
        else transaction.remove(this.znode(key), version ?? -1);
      }
      transaction.setData(this.path, Buffer.alloc(0)).commit((error, results: { stat?: Stat }[]) => {
        if (error) return done(error, undefined!, 0);
        for (const { key, kind } of listChanges) tracker.noteExists(key, kind === "create");
        const stat = results[results.length - 1]!.stat!;
        done(null, stat, this.sawRoot(stat));
      });
    });
    const kept = operations.filter(({ kind }) => kind !== "remove").map(({ key }) => key);
    const rearmed = Promise.all(kept.map((key) => this.exists(key).catch(() => undefined)));
    const [[root, mark], stats] = await Promise.all([committed, rearmed]);
    for (const [i, key] of kept.entries()) if (!stats[i]?.mzxid.equals(root.mzxid)) tracker.record(key);
    // A create or delete spent the child watch: list the children again to re-arm it.
    if (listChanges.length > 0 && tracker.childMark !== undefined) void this.listRoot().catch(() => {});
    const own = new Set(operations.map(({ key }) => key));
    if (tracker !== this.tracker || !tracker.onlyAbout(own, from, mark)) return undefined;
    const previous = tracker.version(root, from, 1, listChanges.length);
    return { previous, version: tracker.version(root, mark) };
  }
}
