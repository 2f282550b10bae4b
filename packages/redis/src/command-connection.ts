import { once } from "node:events";
import { NotSentError, withDeadline } from "@durabledict/core/adapter";
import type { Cluster, Redis } from "ioredis";
import { changesScript } from "./changes-script.js";
import type { RedisClient } from "./redis-client.js";
import { SharedPerClient } from "./shared-per-client.js";
import { writeScript } from "./write-script.js";

/** The store's scripts, as commands of the connection: ioredis sends each whole once per socket, then by SHA. */
export type ScriptedConnection = RedisClient & {
  durabledictWrite(...args: (string | number)[]): Promise<unknown>;
  durabledictChanges(...args: (string | number)[]): Promise<unknown>;
};

/** Connection states in which nothing can be sent before a reconnect. */
const down = new Set(["reconnecting", "close", "end", "disconnecting"]);

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
  send<T>(
    operation: string,
    timeout: number,
    command: (redis: ScriptedConnection) => Promise<T>,
  ): Promise<T> {
    const { connection } = this;
    if (connection.status === "ready") return withDeadline(operation, timeout, () => command(connection));
    if (down.has(connection.status)) {
      return Promise.reject(new NotSentError(`redis connection is ${connection.status}`));
    }
    return once(connection, "ready", { signal: AbortSignal.timeout(timeout) }).then(
      () => this.send(operation, timeout, command),
      (cause: unknown) => Promise.reject(new NotSentError("redis connection did not come up", { cause })),
    );
  }

  close(): void {
    this.connection.disconnect();
  }
}

/** The command connection of each user client, shared by every store on it. */
export const commandConnections = new SharedPerClient((client) => new CommandConnection(client));
