import type { WatchHandlers } from "@durabledict/core";
import { SharedPerClient, startHeartbeat, WatchSubscribers, withDeadline } from "@durabledict/core/adapter";
import pg from "pg";
import { quoteIdentifier } from "./postgres-names.js";

/** The first wait before connecting again after the listening connection dropped, in ms; it doubles to `maxRetryDelay`. */
const minRetryDelay = 50;
const maxRetryDelay = 2000;

/** How a pool's listening connection runs; the first watch on the pool sets it for all. */
export interface ListenOptions {
  /** Longest wait for connecting, each `LISTEN` and each heartbeat, in ms. */
  timeout: number;
  /** How often the connection proves it is alive with a round trip, in ms. */
  heartbeat: number;
}

/**
 * The one connection every watch on a pool listens on, made with the pool's options (a pool client would go
 * back to the pool with its `LISTEN` still on, and hold a slot for as long as the dicts live). One for all,
 * because PostgreSQL wakes every listening connection of the database at each commit that notifies, whatever
 * its channels: each more connection slows every write. A channel's watch is live from its `LISTEN` until the
 * connection fails or a heartbeat goes unanswered; then the connection is made again, backing off to 2 s.
 */
class PoolListener {
  private current: pg.Client | undefined;
  /** Whether `current` has connected. */
  private connected = false;
  /** The channels `current` listens on. */
  private readonly listening = new Set<string>();
  private readonly channels = new Map<string, WatchSubscribers>();
  /** The connection attempt under way. */
  private attempt: Promise<void> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private delay = minRetryDelay;
  private readonly stopHeartbeat: () => void;
  /** Settles once the connection has ended, after {@link PoolListener.close}. */
  ended: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: ListenOptions,
  ) {
    this.stopHeartbeat = startHeartbeat({
      interval: options.heartbeat,
      timeout: options.timeout,
      link: () => (this.connected ? this.current : undefined),
      ping: (client) => client.query("SELECT 1"),
      onSilent: (client) => this.drop(client),
    });
  }

  /** Tells `handlers` of `channel`'s notifications; resolves once it listens, or once the attempt to has failed. */
  async add(channel: string, handlers: WatchHandlers): Promise<() => void> {
    const subscribers = this.channels.get(channel) ?? new WatchSubscribers();
    this.channels.set(channel, subscribers);
    const remove = subscribers.add(handlers);
    if (this.current === undefined && this.retry === undefined) this.attempt = this.connect();
    await this.attempt;
    if (this.connected && !this.listening.has(channel)) await this.listen(this.current!, [channel]);
    return () => {
      remove();
      if (subscribers.size > 0 || this.channels.get(channel) !== subscribers) return;
      this.channels.delete(channel);
      if (this.listening.delete(channel))
        this.current?.query(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => {});
    };
  }

  /** Stops the heartbeat and any retry, and ends the connection; {@link PoolListener.ended} settles after. */
  close(): void {
    this.stopHeartbeat();
    clearTimeout(this.retry);
    const client = this.current;
    this.current = undefined;
    this.connected = false;
    this.ended = client && withDeadline("watch close", this.options.timeout, client.end()).catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.pool.options);
    this.current = client;
    client.on("error", () => this.drop(client));
    client.on("end", () => this.drop(client));
    client.on("notification", ({ channel, payload }) =>
      this.channels.get(channel)?.announce(payload || undefined),
    );
    try {
      await withDeadline("watch", this.options.timeout, () => client.connect());
    } catch {
      this.drop(client);
      return;
    }
    if (client !== this.current) return;
    this.connected = true;
    this.delay = minRetryDelay;
    await this.listen(client, [...this.channels.keys()]);
  }

  private async listen(client: pg.Client, channels: string[]): Promise<void> {
    if (channels.length === 0) return;
    const statements = channels.map((channel) => `LISTEN ${quoteIdentifier(channel)}`).join("; ");
    try {
      await withDeadline("watch", this.options.timeout, client.query(statements));
    } catch {
      this.drop(client);
      return;
    }
    if (client !== this.current) return;
    for (const channel of channels) {
      this.listening.add(channel);
      this.channels.get(channel)?.setLive(true);
    }
  }

  private drop(client: pg.Client): void {
    if (client !== this.current) return;
    this.current = undefined;
    this.connected = false;
    this.listening.clear();
    client.end().catch(() => {});
    for (const subscribers of this.channels.values()) subscribers.setLive(false);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.attempt = this.connect();
    }, this.delay);
    this.retry.unref?.();
    this.delay = Math.min(this.delay * 2, maxRetryDelay);
  }
}

const listeners = new SharedPerClient<pg.Pool, PoolListener, [ListenOptions]>({
  make: (pool, options) => new PoolListener(pool, options),
});

/**
 * Passes every notification on `channel` to `handlers.onChange`, its payload the version a commit produced, over
 * the pool's one listening connection. Resolves after the first attempt to listen, live or not.
 * @returns a function that ends the watch, and the connection with the pool's last watch.
 */
export async function listenForVersions(
  pool: pg.Pool,
  channel: string,
  options: ListenOptions,
  handlers: WatchHandlers,
): Promise<() => Promise<void>> {
  const listener = listeners.acquire(pool, options);
  const remove = await listener.add(channel, handlers);
  return async () => {
    remove();
    listeners.release(pool, listener);
    await listener.ended;
  };
}
