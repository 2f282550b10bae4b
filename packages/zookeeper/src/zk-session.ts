import { epochVersion, NotSentError, SharedPerClient, withDeadline } from "@durabledict/core/adapter";
import { type Client, type Event, State } from "node-zookeeper-client";
import { dropConnection, freshClient, stopConnecting } from "./driver-internals.js";
import type { ZookeeperStoreOptions } from "./zookeeper-store-options.js";

/** The watches vouch for the copy (`live`), they cannot (`down`), or the session ended with them (`expired`). */
type SessionState = "live" | "down" | "expired";
/** A driver callback: an error (an `Exception` or an assertion) or the results. */
export type Done<A extends unknown[]> = (error: unknown, ...results: A) => void;
export type Request<A extends unknown[]> = (client: Client, done: Done<A>) => void;
type Member = { root: string; onEvent(path: string): void; onState(state: SessionState): void };

const newEpoch = () => epochVersion.newEpoch().slice(0, 8);

/** One state listener, watcher and heartbeat for all the stores over a client, and a new client on expiry. */
export class ZkSession {
  /** Changes with each session: watches, and the marks they feed, never outlive one. */
  epoch = newEpoch();
  /** Whether the watches vouch for the copy: connected, and the server heard within two heartbeat intervals. */
  live = false;
  private client: Client;
  private owned: Client | undefined;
  private connected = false;
  /** When the server last answered; `undefined` until the first connection. */
  private heardAt: number | undefined;
  private readonly firstConnected = Promise.withResolvers<void>();
  private closed = false;
  private readonly members = new Set<Member>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly given: Client,
    private readonly options: ZookeeperStoreOptions,
  ) {
    this.client = given;
    this.attach(given);
    const interval = options.heartbeatInterval ?? 1000;
    this.timer = setInterval(() => this.beat(interval), interval);
    this.timer.unref?.();
  }

  /** The watcher every read arms: it tells each store of the events on its root or right below it. */
  readonly watcher = (event: Event): void => {
    const path = event.getPath();
    const parent = path.slice(0, path.lastIndexOf("/"));
    for (const member of [...this.members])
      if (member.root === path || member.root === parent) member.onEvent(path);
  };

  join(member: Member): () => void {
    this.members.add(member);
    return () => void this.members.delete(member);
  }

  /**
   * Stops the heartbeat and closes the client made to renew the session, if any: one not connected stops
   * trying, and is closed if an attempt under way connects. The given client stays open.
   */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.client.removeListener("state", this.onState);
    const owned = this.owned;
    if (owned?.getState().code === State.SYNC_CONNECTED.code) owned.close();
    else if (owned) {
      stopConnecting(owned);
      owned.once("connected", () => owned.close());
    }
  }

  /** One request: unanswered in `timeout` ms, its outcome is unknown; disconnected, a `NotSentError`. */
  async send<A extends unknown[]>(operation: string, timeout: number, start: Request<A>) {
    if (this.heardAt === undefined || this.closed) await this.firstConnection(timeout);
    if (!this.connected) {
      throw new NotSentError(`not connected to ZooKeeper (client state ${this.client.getState().name})`);
    }
    const reply = new Promise<A>((resolve, reject) =>
      start(this.client, (error, ...results) => {
        if (error) return reject(error);
        this.heardAt = Date.now();
        resolve(results);
      }),
    );
    return withDeadline(`ZooKeeper ${operation}`, timeout, reply);
  }

  /** Resolves once the client has connected, at once if it ever did; rejects with `NotSentError` after `timeout`. */
  async firstConnection(timeout: number): Promise<void> {
    if (this.closed) throw new NotSentError("the ZooKeeper store is closed");
    await withDeadline("connect", timeout, this.firstConnected.promise).catch(() => {
      throw new NotSentError(`no ZooKeeper connection within ${timeout} ms (was connect() called?)`);
    });
  }

  // node-zookeeper-client never notices a link that stops answering without closing. Silent for the session
  // timeout, the connection is dropped: the driver reconnects, and learns whether the session expired.
  private beat(interval: number): void {
    const client = this.client;
    if (this.connected) {
      client.exists("/", (error) => {
        if (error || client !== this.client) return;
        this.heardAt = Date.now();
        this.vouch(this.connected);
      });
    }
    const silent = Date.now() - (this.heardAt ?? Date.now());
    if (silent >= 2 * interval) this.vouch(false);
    if (silent < client.getSessionTimeout()) return;
    this.heardAt = Date.now();
    dropConnection(client);
  }

  private attach(client: Client): void {
    client.on("state", this.onState);
    if (client.getState().code === State.SYNC_CONNECTED.code) this.onState(State.SYNC_CONNECTED);
  }

  // Compared by code: the client may come from another copy of the driver than this package's.
  private readonly onState = (state: State): void => {
    this.connected = state.code === State.SYNC_CONNECTED.code;
    if (this.connected) {
      this.heardAt = Date.now();
      this.firstConnected.resolve();
    }
    if (state.code === State.EXPIRED.code) this.renew();
    else this.vouch(this.connected);
  };

  private vouch(live: boolean): void {
    if (this.live !== live) this.emit(live ? "live" : "down");
  }

  /** The session expired with every watch: stores start over, on a new client unless renewal is off. */
  private renew(): void {
    this.epoch = newEpoch();
    this.emit("expired");
    const renew = this.options.renewSession;
    const fresh = renew === false ? undefined : (renew?.() ?? freshClient(this.given));
    if (fresh === undefined) return;
    this.client.removeListener("state", this.onState);
    this.heardAt = Date.now();
    this.owned = this.client = fresh;
    this.attach(fresh);
  }

  private emit(state: SessionState): void {
    this.live = state === "live";
    for (const member of [...this.members]) member.onState(state);
  }
}

/** The session of each client, shared by every store over it; it follows the first one's options. */
export const zkSessions = new SharedPerClient<Client, ZkSession, [ZookeeperStoreOptions]>({
  make: (client, options) => new ZkSession(client, options),
});
