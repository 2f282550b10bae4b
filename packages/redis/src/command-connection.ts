import { NotSentError, withDeadline } from "@durabledict/core/adapter";
import type { Cluster, Redis } from "ioredis";
import { changesScript } from "./changes-script.js";
import { perRedisClient, type RedisClient } from "./redis-client.js";
import { writeScript } from "./write-script.js";

/** The store's scripts, as commands of the connection: ioredis sends each whole once per socket, then by SHA. */
export type ScriptedConnection = RedisClient & {
  durabledictWrite(...args: (string | number)[]): Promise<unknown>;
  durabledictChanges(...args: (string | number)[]): Promise<unknown>;
};
export type Command<T> = (redis: ScriptedConnection) => Promise<T>;

/** Connection states from which nothing will be sent: closed for good, or closing. */
const ended = new Set(["end", "disconnecting", "close"]);

/**
 * The connection the stores on one user client send on, duplicated from it so that each command is sent at
 * most once: ioredis would re-send a command whose reply a reset lost (a Cluster, on another connection),
 * running a write twice. Here such a command rejects at the reset, and none waits in an offline queue.
 */
export class CommandConnection {
  private readonly connection: ScriptedConnection;

  constructor(client: RedisClient) {
    const fresh = { enableOfflineQueue: false, lazyConnect: false };
    const noResend = { autoResendUnfulfilledCommands: false };
    const cluster = client as Cluster;
    const connection = client.isCluster
      ? cluster.duplicate([], {
          ...fresh,
          retryDelayOnFailover: 0,
          redisOptions: { ...cluster.options.redisOptions, ...noResend },
        })
      : // `maxRetriesPerRequest: 0` rejects what was in flight at a reset: a reconnect would not answer it.
        (client as Redis).duplicate({ ...fresh, ...noResend, maxRetriesPerRequest: 0 });
    connection.defineCommand("durabledictWrite", { numberOfKeys: 5, lua: writeScript });
    connection.defineCommand("durabledictChanges", { numberOfKeys: 5, lua: changesScript });
    connection.on("error", () => {}); // Failures reach each caller through its command.
    this.connection = connection as ScriptedConnection;
  }

  /** Runs `command`: `DeadlineError` after `timeout` ms (it may have run); `NotSentError` if the link is down. */
  async send<T>(operation: string, timeout: number, command: Command<T>): Promise<T> {
    while (this.connection.status !== "ready") await this.connected(timeout);
    return withDeadline(operation, timeout, () => command(this.connection));
  }

  close(): void {
    this.connection.disconnect();
  }

  /** Waits up to `timeout` ms for the connection to come up; `NotSentError` when it is ending or does not. */
  private async connected(timeout: number): Promise<void> {
    const { connection } = this;
    if (ended.has(connection.status)) throw new NotSentError(`redis connection is ${connection.status}`);
    if (connection.status === "reconnecting") {
      // Try now, not after the driver's backoff, so a dict recovers as soon as Redis is back. The pending
      // retry (a private field) is cancelled so that one chain of retries remains.
      clearTimeout((connection as unknown as { reconnectTimeout?: NodeJS.Timeout }).reconnectTimeout);
      connection.connect().catch(() => {});
    }
    const { promise: ready, resolve, reject } = Promise.withResolvers<void>();
    const failed = () => reject(new Error("the connection attempt failed"));
    connection.once("ready", resolve).once("close", failed).once("end", failed);
    try {
      await withDeadline("redis connect", timeout, ready);
    } catch (cause) {
      throw new NotSentError("redis connection did not come up", { cause });
    } finally {
      connection.off("ready", resolve).off("close", failed).off("end", failed);
    }
  }
}

export const commandConnections = perRedisClient((client) => new CommandConnection(client));
