import type { RedisClient } from "./redis-client.js";

/** Client states in which ioredis would hold a command until it reconnects, however long that takes. */
const disconnected = new Set(["reconnecting", "close", "end", "disconnecting"]);

/**
 * Runs one command so that it fails instead of waiting out an outage: at once when the client is known to be
 * disconnected, otherwise after `timeout` ms. ioredis would queue the command (its offline queue) or resend
 * it after reconnecting, and a write that hangs is worse for a caller than one that rejects; the user's client
 * options are left as they are. A command that timed out may still reach the server later: like any write
 * whose acknowledgement was lost, it is unacknowledged, not undone.
 */
export async function failFast<T>(client: RedisClient, timeout: number, run: () => Promise<T>): Promise<T> {
  if (disconnected.has(client.status)) {
    throw new Error(`redis connection is ${client.status}`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${timeout} ms`)), timeout);
  });
  try {
    return await Promise.race([run(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
