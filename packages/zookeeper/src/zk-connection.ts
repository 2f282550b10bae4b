import { randomUUID } from "node:crypto";
import { type Client, State } from "node-zookeeper-client";

/** What the connection tells the store: it went live, went down, or lost its session (and every watch). */
export type ConnectionEvent = "connected" | "disconnected" | "expired";

/** A driver callback: an error (an `Exception` or an assertion) or the results. */
export type Done<A extends unknown[]> = (error: unknown, ...results: A) => void;

/**
 * The store's hold on a ZooKeeper client: whether it is connected, which session it is in (`epoch` changes
 * with each session, since a new session has none of the old one's watches), renewal on expiry, and requests
 * that fail fast or time out instead of waiting in the driver's queue while disconnected.
 */
export class ZkConnection {
  /** Changes whenever the session does; watches never outlive it. */
  epoch = randomUUID().slice(0, 8);
  private client: Client;
  private connected = false;
  private everConnected = false;
  private closed = false;
  private readonly owned = new Set<Client>();
  private readonly listeners = new Set<(event: ConnectionEvent) => void>();
  private detach: () => void = () => {};
  private lostTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    client: Client,
    private readonly requestTimeout: number,
    private readonly renewSession: (() => Client) | undefined,
  ) {
    this.client = client;
    this.attach(client);
  }

  /** Whether requests can be sent now. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Subscribes to connection events; returns the unsubscribe function. */
  on(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends one request. Rejects at once when the client is disconnected (while it has never connected, waits
   * for the first connection up to the request timeout), and after the request timeout otherwise.
   */
  async send<A extends unknown[]>(start: (client: Client, done: Done<A>) => void): Promise<A> {
    await this.ready();
    const client = this.client;
    return new Promise<A>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ZooKeeper did not answer within ${this.requestTimeout} ms`)),
        this.requestTimeout,
      );
      try {
        start(client, (error, ...results) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(results);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  }

  /** Stops listening and closes the clients this connection created (never the one it was given). */
  close(): void {
    this.closed = true;
    clearTimeout(this.lostTimer);
    this.detach();
    this.listeners.clear();
    for (const client of this.owned) client.close();
    this.owned.clear();
  }

  private async ready(): Promise<void> {
    if (this.closed) throw new Error("the ZooKeeper store is closed");
    if (this.connected) return;
    if (this.everConnected) {
      throw new Error(`not connected to ZooKeeper (client state ${this.client.getState().name})`);
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no ZooKeeper connection within ${this.requestTimeout} ms (was connect() called?)`));
      }, this.requestTimeout);
      const unsubscribe = this.on((event) => {
        if (event !== "connected") return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }

  private attach(client: Client): void {
    const onState = (state: State) => this.onState(client, state);
    client.on("state", onState);
    this.detach = () => client.removeListener("state", onState);
    this.connected = client.getState().code === State.SYNC_CONNECTED.code;
    this.everConnected = this.connected;
  }

  private onState(client: Client, state: State): void {
    if (client !== this.client || this.closed) return;
    // Compared by code: the client may come from another copy of the driver than this package's.
    if (state.code === State.SYNC_CONNECTED.code) {
      clearTimeout(this.lostTimer);
      this.connected = true;
      this.everConnected = true;
      this.emit("connected");
    } else if (state.code === State.EXPIRED.code) {
      this.expire(client);
    } else if (state.code === State.DISCONNECTED.code || state.code === State.AUTH_FAILED.code) {
      if (!this.connected) return;
      this.connected = false;
      this.emit("disconnected");
      this.watchReconnect(client);
    }
  }

  /**
   * Past the session timeout without a connection the server has expired the session anyway, and the driver
   * can hang in a connection a starting server accepted but never answers: count the session as expired then
   * (as Curator does) so that `renewSession` can replace the client.
   */
  private watchReconnect(client: Client): void {
    clearTimeout(this.lostTimer);
    this.lostTimer = setTimeout(() => {
      if (client === this.client && !this.connected && !this.closed) this.expire(client);
    }, client.getSessionTimeout());
    this.lostTimer.unref?.();
  }

  private expire(client: Client): void {
    clearTimeout(this.lostTimer);
    this.connected = false;
    this.epoch = randomUUID().slice(0, 8);
    this.emit("expired");
    this.renew(client);
  }

  /** A new session needs a new client: the driver closes a client whose session expired. */
  private renew(expired: Client): void {
    if (!this.renewSession) return;
    this.detach();
    if (this.owned.delete(expired)) expired.close();
    const fresh = this.renewSession();
    this.owned.add(fresh);
    this.client = fresh;
    this.attach(fresh);
    if (this.connected) this.emit("connected");
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
