import { type Client, Exception, type Stat, type Transaction } from "node-zookeeper-client";
import type { NodeTracker } from "./node-tracker.js";
import type { Done, ZkSession } from "./zk-session.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** Whether `error` is the driver's exception `code` (by code: the client may come from another copy of the driver). */
export function isZkError(error: unknown, code: number): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}

/**
 * The requests of {@link ZookeeperStore} under its root, each with its deadline; reads arm the session's
 * watcher. Each reply carrying the root's stat goes to `sawRoot` as it arrives, before any later reply or
 * event; `sawRoot` returns the mark then.
 */
export abstract class ZkRequests {
  /** The root znode's path. */
  abstract readonly path: string;
  protected abstract readonly session: ZkSession;
  protected abstract readonly options: ZookeeperStoreOptions;
  protected abstract tracker: NodeTracker;
  protected abstract sawRoot(stat: Stat): number;

  /** Creates the root znode (and its parents) if missing. */
  async ensureRoot(): Promise<void> {
    await this.send<[string]>("mkdirp", (c, done) => c.mkdirp(this.path, done));
  }

  /** The key's data (UTF-8) and stat, arming its watch; `undefined` when the key is missing. */
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

  /** The root's stat and the mark as it arrived; `undefined` when the root is missing. */
  protected async rootStat(): Promise<{ stat: Stat; mark: number } | undefined> {
    const [stat, mark] = await this.send<[Stat | null, number]>("exists", (c, done) =>
      c.exists(this.path, (error: unknown, stat: Stat | null) =>
        done(error, stat, stat ? this.sawRoot(stat) : 0),
      ),
    );
    return stat ? { stat, mark } : undefined;
  }

  /** The root's children and stat, arming the child watch; the tracker sees keys that came or went. */
  protected async listRoot() {
    const listed = this.tracker.beginListing();
    const listing = this.send<[string[], Stat]>("getChildren", (c, done) =>
      c.getChildren(this.path, this.session.watcher, (error, children, stat) => {
        if (!error) {
          listed(children);
          this.sawRoot(stat);
        }
        done(error, children, stat);
      }),
    );
    listing.catch(() => listed());
    const found = await orMissing(listing);
    return found && { children: found[0], stat: found[1] };
  }

  /** Sets the key's data only if it is at `version`. */
  protected async setData(key: string, data: string, version: number): Promise<Stat> {
    const set = (c: Client, done: Done<[Stat]>) =>
      c.setData(this.znode(key), Buffer.from(data, "utf8"), version, done);
    return (await this.send("setData", set))[0];
  }

  /**
   * Commits what `build` adds and a `setData` of the root as one multi; rejects with the failing operation's
   * exception. `committed` runs as the reply arrives. Resolves to the root's stat after it, and the mark then.
   */
  protected async multi(build: (transaction: Transaction) => void, committed: () => void) {
    const [root, mark] = await this.send<[Stat, number]>("multi", (c, done) => {
      const transaction = c.transaction();
      build(transaction);
      transaction.setData(this.path, Buffer.alloc(0)).commit((error, results: { stat?: Stat }[]) => {
        if (error) return done(error, undefined!, 0);
        committed();
        const stat = results[results.length - 1]!.stat!;
        done(null, stat, this.sawRoot(stat));
      });
    });
    return { root, mark };
  }

  /** The znode of `key`. */
  protected znode(key: string): string {
    return `${this.path}/${key}`;
  }

  private send<A extends unknown[]>(operation: string, start: (client: Client, done: Done<A>) => void) {
    return this.session.send<A>(operation, this.options.requestTimeout ?? 5000, start);
  }
}

/** What `request` resolves to, or `undefined` when the node is missing. */
function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  return request.catch((error: unknown) => {
    if (isZkError(error, Exception.NO_NODE)) return undefined;
    throw error;
  });
}
