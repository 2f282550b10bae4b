import { type Client, Exception, type Stat, type Transaction } from "node-zookeeper-client";
import type { ZkConnection } from "./zk-connection.js";

/** A watcher as the driver calls it. */
export type Watcher = Parameters<Client["getData"]>[1];

/**
 * Whether `error` is the driver's exception with `code` (`Exception.NO_NODE`, …). Compared by code, not by
 * class, since the client may come from another copy of the driver than this package's.
 */
export function isZkError(error: unknown, code: number): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}

/** The result of one operation inside a committed multi. */
export interface MultiResult {
  type: number;
  stat?: Stat;
}

/** Promise-returning ZooKeeper requests over a {@link ZkConnection}. */
export class ZkRequests {
  constructor(private readonly connection: ZkConnection) {}

  /** The node's data (UTF-8) and stat; `undefined` when the node is missing. Arms `watcher` when given. */
  async getData(path: string, watcher?: Watcher): Promise<{ data: string; stat: Stat } | undefined> {
    try {
      const [data, stat] = await this.connection.send<[Buffer | undefined, Stat]>((client, done) =>
        watcher ? client.getData(path, watcher, done) : client.getData(path, done),
      );
      return { data: data?.toString("utf8") ?? "", stat };
    } catch (error) {
      if (isZkError(error, Exception.NO_NODE)) return undefined;
      throw error;
    }
  }

  /** The node's children and its own stat; `undefined` when the node is missing. Arms `watcher` when given. */
  async getChildren(
    path: string,
    watcher?: Watcher,
  ): Promise<{ children: string[]; stat: Stat } | undefined> {
    try {
      const [children, stat] = await this.connection.send<[string[], Stat]>((client, done) =>
        watcher ? client.getChildren(path, watcher, done) : client.getChildren(path, done),
      );
      return { children, stat };
    } catch (error) {
      if (isZkError(error, Exception.NO_NODE)) return undefined;
      throw error;
    }
  }

  /** The node's stat, `undefined` when it is missing. Arms `watcher` when given. */
  async exists(path: string, watcher?: Watcher): Promise<Stat | undefined> {
    const [stat] = await this.connection.send<[Stat | null]>((client, done) =>
      watcher ? client.exists(path, watcher, done) : client.exists(path, done),
    );
    return stat ?? undefined;
  }

  /** Sets data only if the node is at `version`. */
  async setData(path: string, data: Buffer, version: number): Promise<Stat> {
    const [stat] = await this.connection.send<[Stat]>((client, done) =>
      client.setData(path, data, version, done),
    );
    return stat;
  }

  /** Creates `path` and any missing parent; an existing node is fine. */
  async mkdirp(path: string): Promise<void> {
    await this.connection.send<[string]>((client, done) => client.mkdirp(path, done));
  }

  /** Commits the operations `build` adds as one atomic multi; rejects with the failing operation's exception. */
  async multi(build: (transaction: Transaction) => Transaction): Promise<MultiResult[]> {
    const [results] = await this.connection.send<[MultiResult[]]>((client, done) =>
      build(client.transaction()).commit(done),
    );
    return results;
  }
}
