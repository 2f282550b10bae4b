import type { WatchHandlers } from "@durabledict/core";
import { startHeartbeat, WatchSubscribers, withDeadline } from "@durabledict/core/adapter";
import { type Cluster, Redis } from "ioredis";
import { clusterSeeds, perRedisClient, type RedisClient } from "./redis-client.js";
import { parseVersion, type RedisKeys } from "./redis-keys.js";

/** In ms: the wait before subscribing again after a refusal; the heartbeat's period and deadline. */
const resubscribeDelay = 500;
const heartbeat = 2000;

/** One watch: the store's channel (messages name a version) and the counter's keyspace channel (they do not). */
interface Subscription {
  channels: [string, string];
  watchers: WatchSubscribers;
}

/**
 * The subscriber connection every watch on a user's client shares. A watch is live from its `SUBSCRIBE`'s
 * reply until the connection drops or misses a heartbeat. On a Cluster it is a connection to the first seed
 * (classic pub/sub reaches every node): the Cluster's own subscriber moves nodes unannounced, losing messages.
 */
class RedisSubscriber {
  private readonly connection: Redis;
  private readonly subscriptions = new Set<Subscription>();
  private readonly stopHeartbeat: () => void;

  constructor(client: RedisClient) {
    const own = { autoResubscribe: false, lazyConnect: false };
    const cluster = client as Cluster;
    this.connection = client.isCluster
      ? // ioredis reads a seed in any of its forms (port, "host:port", URL, options) as first argument.
        new Redis(clusterSeeds(cluster)[0] as string, { ...cluster.options.redisOptions, ...own })
      : (client as Redis).duplicate(own);
    const down = () => {
      for (const { watchers } of this.subscriptions) watchers.setLive(false);
    };
    this.connection
      .on("ready", () => {
        for (const subscription of this.subscriptions) this.subscribe(subscription);
      })
      .on("close", down)
      .on("message", (channel: string, message: string) => {
        for (const { channels, watchers } of this.subscriptions) {
          if (channel === channels[0]) watchers.announce(parseVersion(message));
          else if (channel === channels[1]) watchers.announce();
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

  add(subscription: Subscription): void {
    this.subscriptions.add(subscription);
    if (this.connection.status === "ready") this.subscribe(subscription);
  }

  /** Ends `subscription`: its watchers hear nothing more, and channels no other watch uses are left. */
  remove(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
    subscription.watchers.clear();
    const used = new Set([...this.subscriptions].flatMap(({ channels }) => channels));
    const unused = subscription.channels.filter((channel) => !used.has(channel));
    if (unused.length > 0) this.connection.unsubscribe(...unused).catch(() => {});
  }

  close(): void {
    this.stopHeartbeat();
    this.connection.disconnect();
  }

  private subscribe(subscription: Subscription): void {
    this.connection.subscribe(...subscription.channels).then(
      () => subscription.watchers.setLive(this.connection.status === "ready"),
      () => {
        // Dropped: the next "ready" retries. Refused on a live connection (an ACL, say): retry in a while.
        if (this.connection.status !== "ready") return;
        const retry = () => this.subscriptions.has(subscription) && this.subscribe(subscription);
        setTimeout(retry, resubscribeDelay).unref();
      },
    );
  }
}

const subscribers = perRedisClient((client) => new RedisSubscriber(client));

/**
 * Watches the store's channel (our writes' versions) and the counter's keyspace notifications (other writers)
 * on `client`'s subscriber. Resolves once live, or after `timeout` ms, to a function that ends the watch.
 */
export async function watchRedis(
  client: RedisClient,
  keys: RedisKeys,
  handlers: WatchHandlers,
  timeout: number,
): Promise<() => Promise<void>> {
  const db = client.isCluster ? 0 : (client as Redis).options.db;
  const notices = `__keyspace@${db ?? 0}__:${client.options.keyPrefix ?? ""}${keys.counter}`;
  const watchers = new WatchSubscribers();
  watchers.add(handlers);
  const live = new Promise<void>((resolve) =>
    watchers.add({ onChange() {}, onStatus: (up) => up && resolve() }),
  );
  const subscription: Subscription = { channels: [keys.channel, notices], watchers };
  let subscriber: RedisSubscriber | undefined = subscribers.acquire(client);
  subscriber.add(subscription);
  await withDeadline("SUBSCRIBE", timeout, live).catch(() => {}); // It goes live when the server answers.
  return async () => {
    subscriber?.remove(subscription);
    if (subscriber) subscribers.release(client, subscriber);
    subscriber = undefined;
  };
}
