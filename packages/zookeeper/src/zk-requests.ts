import { Exception, type Stat } from "node-zookeeper-client";
import type { NodeTracker } from "./node-tracker.js";
import type { Request, ZkSession } from "./zk-session.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** Whether `error` is one of the driver's exception `codes`, by code: the driver may be another copy. */
export function isZkError(error: unknown, ...codes: number[]): boolean {
  return error instanceof Error && codes.some((code) => (error as Error & { code?: unknown }).code === code);
}

export function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  return request.catch((error: unknown) => {
    if (isZkError(error, Exception.NO_NODE)) return undefined;
    throw error;
  });
}

/**
 * The requests of {@link ZookeeperStore}, each with its deadline; reads arm the session's watcher. A reply
 * carrying the root's stat goes to `sawRoot` as it arrives, before any later reply or event.
 */
export abstract class ZkRequests {
  abstract readonly path: string;
  protected abstract readonly session: ZkSession;
  protected abstract readonly options: ZookeeperStoreOptions;
  protected abstract tracker: NodeTracker;
  /** Announces a waiting change with the root's `stat`; returns the mark as it arrived. */
  protected abstract sawRoot(stat: Stat): number;

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

  protected znode(key: string): string {
    return `${this.path}/${key}`;
  }

  protected send<A extends unknown[]>(operation: string, start: Request<A>) {
    return this.session.send<A>(operation, this.options.requestTimeout ?? 5000, start);
  }
}
