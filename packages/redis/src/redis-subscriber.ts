import type { WatchHandlers } from "@durabledict/core";
import { startHeartbeat, WatchSubscribers, withDeadline } from "@durabledict/core/adapter";
import { type Cluster, Redis } from "ioredis";
import { clusterSeeds, perRedisClient, type RedisClient } from "./redis-client.js";
import { parseVersion, type RedisKeys } from "./redis-keys.js";

/** In ms: the wait before subscribing again after a refusal; the heartbeat's period and deadline. */
const resubscribeDelay = 500;
const heartbeat = 2000;

/**
 * The subscriber connection every watch on a user's client shares. A watch is live from its `SUBSCRIBE`'s
 * reply until the connection drops or misses a heartbeat. On a Cluster it is a connection to the first seed
 * (classic pub/sub reaches every node): the Cluster's own subscriber moves nodes unannounced, losing messages.
 */
class RedisSubscriber {
  private readonly connection: Redis;
  /** Each watch's channels: ours (messages name a version) and the counter's keyspace one (every writer). */
  private readonly watches = new Map<WatchSubscribers, [string, string]>();
  private readonly stopHeartbeat: () => void;

  constructor(client: RedisClient) {
    const own = { autoResubscribe: false, lazyConnect: false };
    const cluster = client as Cluster;
    this.connection = client.isCluster
      ? // ioredis reads a seed in any of its forms (port, "host:port", URL, options) as first argument.
        new Redis(clusterSeeds(cluster)[0] as string, { ...cluster.options.redisOptions, ...own })
      : (client as Redis).duplicate(own);
    const down = () => {
      for (const watchers of this.watches.keys()) watchers.setLive(false);
    };
    this.connection
      .on("ready", () => {
        for (const [watchers, channels] of this.watches) this.subscribe(watchers, channels);
      })
      .on("close", down)
      .on("message", (channel: string, message: string) => {
        for (const [watchers, [own, notices]] of this.watches) {
          if (channel === own) watchers.announce(parseVersion(message));
          else if (channel === notices) watchers.announce();
        }
      })
      .on("error", () => {}); // Connection errors reach the dicts through their own failed version checks.
    // A peer gone silent (no reset) would leave the connection looking alive, and its watches vouching.
    this.stopHeartbeat = startHeartbeat({
      interval: heartbeat,
      link: () => (this.connection.status === "ready" ? this.connection : undefined),
      ping: (connection) => connection.ping(),
      onSilent: (connection) => {
        down();
        connection.disconnect(true);
      },
    });
  }

  /** Starts a watch of `channels` for `watchers`. */
  add(watchers: WatchSubscribers, channels: [string, string]): void {
    this.watches.set(watchers, channels);
    if (this.connection.status === "ready") this.subscribe(watchers, channels);
  }

  /** Ends the watch of `watchers`, leaving the channels no other watch uses; false if it had ended. */
  remove(watchers: WatchSubscribers): boolean {
    const channels = this.watches.get(watchers);
    if (channels === undefined) return false;
    this.watches.delete(watchers);
    watchers.clear();
    const used = new Set([...this.watches.values()].flat());
    const unused = channels.filter((channel) => !used.has(channel));
    if (unused.length > 0) this.connection.unsubscribe(...unused).catch(() => {});
    return true;
  }

  close(): void {
    this.stopHeartbeat();
    this.connection.disconnect();
  }

  private subscribe(watchers: WatchSubscribers, channels: [string, string]): void {
    this.connection.subscribe(...channels).then(
      () => watchers.setLive(this.connection.status === "ready"),
      () => {
        // Dropped: the next "ready" retries. Refused on a live connection (an ACL, say): retry in a while.
        if (this.connection.status !== "ready") return;
        const retry = () => this.watches.has(watchers) && this.subscribe(watchers, channels);
        setTimeout(retry, resubscribeDelay).unref();
      },
    );
  }
}

const subscribers = perRedisClient((client) => new RedisSubscriber(client));

/** Watches `keys` on `client`'s subscriber; resolves once live, or after `timeout` ms, to what ends the watch. */
export async function watchRedis(
  client: RedisClient,
  keys: RedisKeys,
  handlers: WatchHandlers,
  timeout: number,
): Promise<() => Promise<void>> {
  const db = client.isCluster ? 0 : ((client as Redis).options.db ?? 0);
  const notices = `__keyspace@${db}__:${client.options.keyPrefix ?? ""}${keys.counter}`;
  const watchers = new WatchSubscribers();
  const live = Promise.withResolvers<void>();
  watchers.add(handlers);
  watchers.add({ onChange() {}, onStatus: (up) => up && live.resolve() });
  const subscriber = subscribers.acquire(client);
  subscriber.add(watchers, [keys.channel, notices]);
  await withDeadline("SUBSCRIBE", timeout, live.promise).catch(() => {}); // Live when the server answers.
  return async () => {
    if (subscriber.remove(watchers)) subscribers.release(client, subscriber);
  };
}
