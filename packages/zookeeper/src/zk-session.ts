import { epochVersion, NotSentError, withDeadline } from "@durabledict/core/adapter";
import { type Client, type Event, State } from "node-zookeeper-client";
import { dropConnection, freshClient } from "./driver-internals.js";

/** What a session tells its stores: requests go through (`live`), they cannot (`down`), or it ended (`expired`). */
export type SessionState = "live" | "down" | "expired";

/** A store's hold on a session. */
export interface SessionMember {
  /** A watch fired on `path`: the store's root, or a node right below it. */
  onEvent(path: string): void;
  onState(state: SessionState): void;
}

/** A driver callback: an error (an `Exception` or an assertion) or the results. */
export type Done<A extends unknown[]> = (error: unknown, ...results: A) => void;

/** How a session renews and proves itself alive; see `ZookeeperStoreOptions`. */
export interface SessionOptions {
  renewSession?: (() => Client) | false;
  heartbeatInterval?: number;
}

const sessions = new WeakMap<Client, ZkSession>();

/**
 * What the stores of this process hold of one client they were given: one state listener and one watcher
 * however many stores share it, a heartbeat that proves the link alive (node-zookeeper-client never notices a
 * link that stops answering without closing), and a new client when the session expires.
 */
export class ZkSession {
  /** Changes with each session: watches, and the event marks they feed, never outlive one. */
  epoch = epochVersion.newEpoch().slice(0, 8);
  /** The watcher every read arms; it tells each store of the events under its root. */
  watcher: (event: Event) => void = () => {};
  private client: Client;
  private owned: Client | undefined;
  private connected = false;
  private everConnected = false;
  /** The heartbeat went unanswered for an interval: requests are refused until it answers. */
  private stalled = false;
  /** Since when the session has been down, or the heartbeat unanswered; `undefined` while neither. */
  private troubleSince: number | undefined;
  private probing = false;
  private users = 0;
  private readonly members = new Map<string, Set<SessionMember>>();
  private readonly waiting = new Set<() => void>();
  private readonly timer: ReturnType<typeof setInterval>;
  private detach = () => {};

  /** The session of `client`, shared by every store over it; it follows the first one's options. */
  static acquire(client: Client, options: SessionOptions): ZkSession {
    const session = sessions.get(client) ?? new ZkSession(client, options);
    sessions.set(client, session);
    session.users++;
    return session;
  }

  private constructor(
    private readonly given: Client,
    private readonly options: SessionOptions,
  ) {
    this.client = given;
    this.attach(given);
    this.timer = setInterval(() => this.beat(), options.heartbeatInterval ?? 1000);
    this.timer.unref?.();
  }

  /** Whether requests go through: connected, and the heartbeat answered within its interval. */
  get live(): boolean {
    return this.connected && !this.stalled;
  }

  /** Tells `member` of the events under `root` and of state changes, until the returned function is called. */
  join(root: string, member: SessionMember): () => void {
    const members = this.members.get(root) ?? new Set();
    this.members.set(root, members.add(member));
    return () => {
      members.delete(member);
      if (members.size === 0) this.members.delete(root);
    };
  }

  /**
   * Sends one request; rejects after `timeout` ms without an answer (its outcome is then unknown). While the
   * session is down nothing is sent, and it rejects with `NotSentError` at once.
   */
  async send<A extends unknown[]>(
    operation: string,
    timeout: number,
    start: (client: Client, done: Done<A>) => void,
  ): Promise<A> {
    await this.firstConnection(timeout);
    if (!this.live) {
      const why = this.stalled ? "no answer to the heartbeat" : `client state ${this.client.getState().name}`;
      throw new NotSentError(`not connected to ZooKeeper (${why})`);
    }
    const client = this.client;
    return withDeadline(
      `ZooKeeper ${operation}`,
      timeout,
      new Promise<A>((resolve, reject) => {
        start(client, (error, ...results) => (error ? reject(error) : resolve(results)));
      }),
    );
  }

  /** Resolves once the client has connected (at once if it ever did); rejects with `NotSentError` after `timeout`. */
  async firstConnection(timeout: number): Promise<void> {
    if (this.users === 0) throw new NotSentError("the ZooKeeper store is closed");
    if (this.everConnected) return;
    await new Promise<void>((resolve, reject) => {
      const connected = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.delete(connected);
        reject(new NotSentError(`no ZooKeeper connection within ${timeout} ms (was connect() called?)`));
      }, timeout);
      this.waiting.add(connected);
    });
  }

  /** Lets go of the client once no store uses it: the timer, the listener, and the client made to renew. */
  release(): void {
    if (--this.users > 0) return;
    sessions.delete(this.given);
    clearInterval(this.timer);
    this.detach();
    if (this.owned) closeOnceConnected(this.owned);
  }

  /**
   * Every interval: a heartbeat request, which must answer before the next, or the session is down until it
   * does. Down for the session timeout, the connection is dropped: the driver connects again, and a server
   * that expired the session meanwhile says so (and a new session is made).
   */
  private beat(): void {
    const now = Date.now();
    if (this.troubleSince !== undefined && now - this.troubleSince >= this.client.getSessionTimeout()) {
      this.troubleSince = now;
      dropConnection(this.client);
    }
    if (!this.connected) return;
    if (this.probing) {
      this.troubleSince ??= now;
      this.setLink(true, true);
      return;
    }
    const client = this.client;
    this.probing = true;
    client.exists("/", (error) => {
      if (client !== this.client || error) return;
      this.probing = false;
      this.troubleSince = undefined;
      this.setLink(true, false);
    });
  }

  private attach(client: Client): void {
    const onState = (state: State) => this.onState(state);
    client.on("state", onState);
    this.detach = () => client.removeListener("state", onState);
    this.watcher = (event) => {
      if (client !== this.client) return;
      const path = event.getPath();
      for (const root of [path, path.slice(0, path.lastIndexOf("/"))]) {
        for (const member of [...(this.members.get(root) ?? [])]) member.onEvent(path);
      }
    };
    if (client.getState().code === State.SYNC_CONNECTED.code) this.onState(State.SYNC_CONNECTED);
  }

  private onState(state: State): void {
    // Compared by code: the client may come from another copy of the driver than this package's.
    if (state.code === State.SYNC_CONNECTED.code) {
      this.everConnected = true;
      this.probing = false;
      this.troubleSince = undefined;
      this.setLink(true, false);
      for (const connected of this.waiting) connected();
      this.waiting.clear();
    } else if (state.code === State.EXPIRED.code) {
      this.renew();
    } else if (this.connected) {
      this.troubleSince = Date.now();
      this.setLink(false, false);
    }
  }

  private setLink(connected: boolean, stalled: boolean): void {
    const was = this.live;
    this.connected = connected;
    this.stalled = stalled;
    if (this.live !== was) this.emit(this.live ? "live" : "down");
  }

  /** The session expired with every watch: stores start over, on a new client unless renewal is off. */
  private renew(): void {
    this.epoch = epochVersion.newEpoch().slice(0, 8);
    this.connected = this.stalled = this.probing = false;
    this.troubleSince = undefined;
    this.emit("expired");
    const renew = this.options.renewSession;
    const fresh = renew === false ? undefined : (renew?.() ?? freshClient(this.given));
    if (fresh === undefined) return;
    this.detach();
    this.owned = this.client = fresh;
    this.troubleSince = Date.now();
    this.attach(fresh);
  }

  private emit(state: SessionState): void {
    for (const members of [...this.members.values()]) {
      for (const member of [...members]) member.onState(state);
    }
  }
}

/**
 * Closes a client this session made. One still connecting is closed once connected: the driver, closed
 * earlier, reads the server's answer to its handshake as a reply, and throws.
 */
function closeOnceConnected(client: Client): void {
  if (client.getState().code === State.SYNC_CONNECTED.code) client.close();
  else client.once("connected", () => client.close());
}
