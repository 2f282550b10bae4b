import type { DepersistResult, PopResult, SetdefaultResult, VersionStep } from "@durabledict/core";
import { Exception, type Transaction } from "node-zookeeper-client";
import type { NodeTracker } from "./node-tracker.js";
import { rootCounters, versionToken } from "./root-version.js";
import type { Siblings } from "./sibling-writes.js";
import type { ZkConnection } from "./zk-connection.js";
import { isZkError, type ZkRequests } from "./zk-requests.js";

/** One znode operation of a write. */
interface Operation {
  kind: "create" | "update" | "remove";
  key: string;
  payload?: string;
  /** For `remove`: the data version to delete (never 0: the driver's multi reads 0 as "any"). */
  version?: number;
}

/** Attempts before a write racing other writers on the same key gives up. */
const maxAttempts = 20;
const empty = Buffer.alloc(0);

/**
 * The adapter's writes. Each is one multi that changes the key's znode and sets the root's data, so the value
 * and the version bump are one atomic step; the root's counters after it give the version before it too.
 */
export class ZookeeperWrites {
  constructor(
    private readonly requests: ZkRequests,
    private readonly connection: ZkConnection,
    private readonly root: string,
    private readonly tracker: () => NodeTracker,
    private readonly siblings: Siblings,
  ) {}

  /** Creates or replaces `key`: create when it seems missing, update when it seems present, never remove+create. */
  async persist(key: string, payload: string): Promise<VersionStep | undefined> {
    return this.persistMany(new Map([[key, payload]]));
  }

  /** Writes every entry in one multi. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    const present = new Map([...entries.keys()].map((key) => [key, this.tracker().knows(key) ?? false]));
    for (let attempt = 0; ; attempt++) {
      const operations = [...entries].map(([key, payload]): Operation => {
        return { kind: present.get(key) ? "update" : "create", key, payload };
      });
      try {
        return await this.write(operations);
      } catch (error) {
        if (attempt >= maxAttempts || !this.raced(error)) throw error;
        await this.requests.mkdirp(this.root);
        const stats = await Promise.all(
          [...entries.keys()].map((key) => this.requests.exists(this.path(key))),
        );
        for (const [i, key] of [...entries.keys()].entries()) present.set(key, stats[i] !== undefined);
      }
    }
  }

  /** Deletes `key` with the version bump; a missing key (or root) leaves everything alone. */
  async depersist(key: string): Promise<DepersistResult> {
    try {
      const step = await this.write([{ kind: "remove", key }]);
      return { existed: true, ...step };
    } catch (error) {
      if (isZkError(error, Exception.NO_NODE)) return { existed: false };
      throw error;
    }
  }

  /** Reads `key` with its version and deletes that version; a write in between makes it read again. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const node = await this.requests.getData(this.path(key), this.tracker().dataWatcher);
      if (node === undefined) return undefined;
      try {
        let version = node.stat.version;
        if (version === 0) {
          // Same data, version 1: a multi's remove cannot name version 0 (see Operation.version).
          version = (await this.requests.setData(this.path(key), Buffer.from(node.data, "utf8"), 0)).version;
        }
        const step = await this.write([{ kind: "remove", key, version }]);
        return { payload: node.data, ...step };
      } catch (error) {
        if (!isZkError(error, Exception.BAD_VERSION) && !isZkError(error, Exception.NO_NODE)) throw error;
      }
    }
    throw new Error(`pop of "${key}" kept racing other writers; gave up after ${maxAttempts} attempts`);
  }

  /** Creates `key` unless it exists; when it does ("node exists"), reads what is there. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      try {
        const step = await this.write([{ kind: "create", key, payload }]);
        return { payload, created: true, ...step };
      } catch (error) {
        if (isZkError(error, Exception.NO_NODE)) {
          await this.requests.mkdirp(this.root);
          continue;
        }
        if (!isZkError(error, Exception.NODE_EXISTS)) throw error;
      }
      const node = await this.requests.getData(this.path(key), this.tracker().dataWatcher);
      if (node !== undefined) return { payload: node.data, created: false };
    }
    throw new Error(
      `setdefault of "${key}" kept racing other writers; gave up after ${maxAttempts} attempts`,
    );
  }

  private raced(error: unknown): boolean {
    return isZkError(error, Exception.NODE_EXISTS) || isZkError(error, Exception.NO_NODE);
  }

  /**
   * Commits `operations` plus the root's bump, re-arms the written keys' data watches in the same round trip,
   * and reports the version step when no other change could have slipped in between.
   */
  private async write(operations: Operation[]): Promise<VersionStep | undefined> {
    const tracker = this.tracker();
    const epoch = this.connection.epoch;
    const startMark = tracker.mark;
    const childDelta = operations.filter((operation) => operation.kind !== "update").length;
    const endWrite = tracker.beginWrite(
      operations.map((operation) => operation.key),
      childDelta > 0,
    );
    const endSiblingWrite = this.siblings.beginWrite();
    let step: VersionStep | undefined;
    let committed = false;
    try {
      step = await this.commit(tracker, operations, epoch, startMark, childDelta, () => {
        committed = true;
      });
      return step;
    } finally {
      endWrite(step !== undefined);
      endSiblingWrite(committed ? operations.map((operation) => operation.key) : []);
    }
  }

  private async commit(
    tracker: NodeTracker,
    operations: Operation[],
    epoch: string,
    startMark: number,
    childDelta: number,
    onCommitted: () => void,
  ): Promise<VersionStep | undefined> {
    const committed = this.requests.multi((transaction) => this.build(transaction, operations));
    const kept = operations.filter((operation) => operation.kind !== "remove");
    const confirms = kept.map((operation) =>
      this.requests.exists(this.path(operation.key), tracker.dataWatcher).catch(() => undefined),
    );
    let results: Awaited<typeof committed>;
    try {
      results = await committed;
    } finally {
      await Promise.all(confirms);
    }
    onCommitted();
    const rootStat = results[results.length - 1]!.stat!;
    const keys = new Set(operations.map((operation) => operation.key));
    tracker.noteWritten(keys);
    const after = rootCounters(rootStat);
    const before = {
      ...after,
      dataVersion: after.dataVersion - 1,
      childVersion: after.childVersion - childDelta,
    };
    const step =
      epoch === this.connection.epoch && tracker === this.tracker() && tracker.onlyAbout(keys, startMark)
        ? {
            previous: versionToken(before, epoch, startMark),
            version: versionToken(after, epoch, tracker.mark),
          }
        : undefined;
    for (const operation of operations) {
      if (operation.kind !== "update") tracker.noteOwn(operation.key, operation.kind === "create");
    }
    const stats = await Promise.all(confirms);
    for (const [i, operation] of kept.entries()) {
      // Someone wrote the key after us, while its watch was spent: it must be read again.
      if (!stats[i]?.mzxid.equals(rootStat.mzxid)) tracker.touch(operation.key);
    }
    if (childDelta > 0 && tracker.established && tracker.childrenStale) await this.relist(tracker);
    return step;
  }

  /** Lists the children again, re-arming the child watch our own create or delete just spent. */
  private async relist(tracker: NodeTracker): Promise<void> {
    tracker.beginListing();
    const listing = await this.requests.getChildren(this.root, tracker.childWatcher).catch(() => undefined);
    tracker.listed(listing?.children);
  }

  private build(transaction: Transaction, operations: Operation[]): Transaction {
    for (const { kind, key, payload, version } of operations) {
      const path = this.path(key);
      if (kind === "create") transaction.create(path, Buffer.from(payload!, "utf8"));
      else if (kind === "update") transaction.setData(path, Buffer.from(payload!, "utf8"));
      else transaction.remove(path, version ?? -1);
    }
    return transaction.setData(this.root, empty);
  }

  private path(key: string): string {
    return `${this.root}/${key}`;
  }
}
