import type { DepersistResult, PopResult, SetdefaultResult, VersionStep } from "@durabledict/core";
import { Exception, type Stat } from "node-zookeeper-client";
import { versionToken } from "./root-version.js";
import { isZkError, orMissing, ZkRequests } from "./zk-requests.js";
import type { Request } from "./zk-session.js";

/** One znode operation of a write; a `remove` may name the data version to delete. */
type Operation = { kind: "create" | "update" | "remove"; key: string; payload?: string; version?: number };

/** Attempts before a write racing other writers on the same key gives up. */
const maxAttempts = 20;

/** The writes of {@link ZookeeperStore}: each one multi changing the keys' znodes and bumping the root. */
export abstract class ZookeeperWrites extends ZkRequests {
  /** Creates or replaces the key's znode and bumps the root, atomically. */
  persist(key: string, payload: string): Promise<VersionStep | undefined> {
    return this.persistMany(new Map([[key, payload]]));
  }

  /** Writes every entry in one multi: creates a key that seems missing, updates one that seems present. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    const keys = [...entries.keys()];
    const present = keys.map((key) => this.tracker.children?.has(key) ?? false);
    for (let attempt = 0; ; attempt++) {
      try {
        const kind = (i: number) => (present[i] ? "update" : "create");
        return await this.write(keys.map((key, i) => ({ kind: kind(i), key, payload: entries.get(key) })));
      } catch (error) {
        const raced = isZkError(error, Exception.NODE_EXISTS, Exception.NO_NODE);
        if (attempt >= maxAttempts || !raced) throw error;
        await this.ensureRoot();
        const stats = await Promise.all(keys.map((key) => this.exists(key)));
        for (const [i, stat] of stats.entries()) present[i] = stat !== undefined;
      }
    }
  }

  /** Deletes the key's znode and bumps the root, atomically; a missing key (or root) changes nothing. */
  async depersist(key: string): Promise<DepersistResult> {
    const removed = this.write([{ kind: "remove", key }]).then((step) => ({ existed: true, ...step }));
    return (await orMissing(removed)) ?? { existed: false };
  }

  /** Atomic pop: reads the key with its version and deletes that version; a write in between makes it read again. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
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
      }
    }
    throw new Error(`pop of "${key}" kept racing other writers; gave up after ${maxAttempts} attempts`);
  }

  /** Atomic get-or-create: creates the key, and on "node exists" reads what is there. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      try {
        return { payload, created: true, ...(await this.write([{ kind: "create", key, payload }])) };
      } catch (error) {
        if (isZkError(error, Exception.NO_NODE)) await this.ensureRoot();
        else if (!isZkError(error, Exception.NODE_EXISTS)) throw error;
      }
      const node = await this.getData(key);
      if (node !== undefined) return { payload: node.data, created: false };
    }
    throw new Error(
      `setdefault of "${key}" kept racing other writers; gave up after ${maxAttempts} attempts`,
    );
  }

  /**
   * Commits `operations` with the root's bump, re-arming the kept keys' watches in the same round trip (a key
   * whose znode is newer than the write counts as changed). The root's counters after it give those before:
   * the version step is reported when every change seen since mark `from` was this write's own.
   */
  private async write(operations: Operation[], from = this.tracker.mark): Promise<VersionStep | undefined> {
    const tracker = this.tracker;
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
        for (const { key, kind } of listChanges) tracker.noteOwn(key, kind === "create");
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
    const previous = versionToken(root, tracker.epoch, from, 1, listChanges.length);
    return { previous, version: versionToken(root, tracker.epoch, mark) };
  }
}
