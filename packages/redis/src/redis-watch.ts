import type { Cluster, Redis } from "ioredis";
import type { RedisClient } from "./redis-client.js";

/** How long to wait before subscribing again after the server refused a subscription, in ms. */
const resubscribeDelay = 500;

/** What a {@link watchRedis} subscription reports. */
export interface RedisWatchHandlers {
  /** A message arrived on one of the channels. */
  onMessage(channel: string, message: string): void;
  /** The subscription went live, or stopped being trustworthy. */
  onStatus(live: boolean): void;
}

/** A subscription on a connection of its own, duplicated from the user's client. */
export interface RedisWatch {
  /** Ends the subscription and closes the duplicated connection. */
  stop(): Promise<void>;
}

/**
 * Subscribes to `channels` on a duplicate of `client` (a subscribed connection can run nothing else). Every
 * message means "the version moved" (the caller tells its own echoes apart). The watch is live from each successful (re)subscription until the
 * connection drops; the dict checks the version per read meanwhile and re-syncs when it comes back, since
 * messages sent while it was away are lost. Resolves once the first subscription is live, or after `timeout`
 * ms with the watch not yet live (it goes live by itself when the server answers).
 */
export async function watchRedis(
  client: RedisClient,
  channels: readonly string[],
  handlers: RedisWatchHandlers,
  timeout: number,
): Promise<RedisWatch> {
  const subscriber: RedisClient = client.isCluster
    ? (client as Cluster).duplicate()
    : (client as Redis).duplicate({ autoResubscribe: false, lazyConnect: false });
  let live = false;
  let stopped = false;
  let firstLive: () => void = () => {};
  const wentLive = new Promise<void>((resolve) => {
    firstLive = resolve;
  });
  let retry: ReturnType<typeof setTimeout> | undefined;
  const subscribe = async () => {
    try {
      await subscriber.subscribe(...channels);
    } catch {
      // Dropped again: the next "ready" retries. Refused on a live connection (an ACL without the
      // channel, say): nothing else would retry, so try again in a while.
      if (!stopped && subscriber.status === "ready") {
        retry = setTimeout(() => void subscribe(), resubscribeDelay);
        retry.unref?.();
      }
      return;
    }
    if (stopped || live || subscriber.status !== "ready") return;
    live = true;
    handlers.onStatus(true);
    firstLive();
  };
  subscriber.on("ready", () => void subscribe());
  subscriber.on("close", () => {
    if (!live) return;
    live = false;
    handlers.onStatus(false);
  });
  subscriber.on("message", (channel: string, message: string) => handlers.onMessage(channel, message));
  // Connection errors are reported through the dict's own failed version checks; without a listener
  // ioredis would print each reconnect failure as an unhandled error event.
  subscriber.on("error", () => {});
  if (subscriber.status === "ready") void subscribe();

  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([wentLive, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
  clearTimeout(timer);
  return {
    async stop() {
      stopped = true;
      live = false;
      clearTimeout(retry);
      subscriber.disconnect();
    },
  };
}
