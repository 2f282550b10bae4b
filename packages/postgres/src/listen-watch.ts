import type { WatchHandlers } from "@durabledict/core";
import { startHeartbeat, withDeadline } from "@durabledict/core/adapter";
import pg from "pg";
import { quoteIdentifier } from "./postgres-names.js";

/** The first wait before connecting again after the listening connection dropped, in ms; it doubles to `maxRetryDelay`. */
const minRetryDelay = 50;
const maxRetryDelay = 2000;

/** How a {@link listenForVersions} watch runs. */
export interface ListenOptions {
  /** The channel the table's triggers notify on. */
  channel: string;
  /** Longest wait for connecting, `LISTEN` and each heartbeat, in ms. */
  timeout: number;
  /** How often the connection proves it is alive with a round trip, in ms. */
  heartbeat: number;
}

/**
 * Listens for the table's notifications on a connection of its own, made with the pool's options (a pool
 * client would be returned to the pool with its `LISTEN` still on, and would take a slot from the pool for
 * as long as the dict lives). Every notification's payload is the version a commit produced, passed to
 * `onChange`. The watch is live from each successful `LISTEN` until the connection fails or a heartbeat goes
 * unanswered; then it reports `onStatus(false)` and connects again, backing off to 2 s between attempts.
 * Resolves after the first attempt, live or not.
 * @returns a function that ends the watch and its connection.
 */
export async function listenForVersions(
  pool: pg.Pool,
  options: ListenOptions,
  handlers: WatchHandlers,
): Promise<() => Promise<void>> {
  let current: pg.Client | undefined;
  let live = false;
  let stopped = false;
  let delay = minRetryDelay;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const drop = (client: pg.Client) => {
    if (client !== current) return;
    current = undefined;
    client.end().catch(() => {});
    if (live) {
      live = false;
      handlers.onStatus(false);
    }
    if (stopped) return;
    retry = setTimeout(() => void connect(), delay);
    retry.unref?.();
    delay = Math.min(delay * 2, maxRetryDelay);
  };

  const connect = async () => {
    const client = new pg.Client(pool.options);
    current = client;
    client.on("error", () => drop(client));
    client.on("end", () => drop(client));
    client.on("notification", (message) => {
      if (message.channel === options.channel) handlers.onChange(message.payload || undefined);
    });
    try {
      await withDeadline("watch", options.timeout, async () => {
        await client.connect();
        await client.query(`LISTEN ${quoteIdentifier(options.channel)}`);
      });
    } catch {
      drop(client);
      return;
    }
    if (client !== current) return;
    live = true;
    delay = minRetryDelay;
    handlers.onStatus(true);
  };

  const stopHeartbeat = startHeartbeat({
    interval: options.heartbeat,
    timeout: options.timeout,
    link: () => (live ? current : undefined),
    ping: (client) => client.query("SELECT 1"),
    onSilent: drop,
  });

  await connect();
  return async () => {
    stopped = true;
    stopHeartbeat();
    clearTimeout(retry);
    const client = current;
    current = undefined;
    live = false;
    if (client) await withDeadline("watch close", options.timeout, client.end()).catch(() => {});
  };
}
