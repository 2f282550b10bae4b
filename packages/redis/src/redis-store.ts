import type { DepersistResult, DurableStore, PopResult, SetdefaultResult } from "@durabledict/core";
import { EncodingError, type StoreChanges, type Version, type VersionStep } from "@durabledict/core";
import { utf8Over } from "@durabledict/core/adapter";
import { type Command, type CommandConnection, commandConnections } from "./command-connection.js";
import { type RedisClient, redisScope } from "./redis-client.js";
import { parseVersion, type RedisKeys, redisKeys, sharesOneSlot } from "./redis-keys.js";
import type { RedisStoreOptions } from "./redis-store-options.js";
import { watchRedis } from "./redis-subscriber.js";

const maxPayloadBytes = 512 * 1024 * 1024;

/** The write script's reply: its answer, then the counter before and after when it moved. */
type WriteReply = [answer: unknown, previous?: number | null, version?: number];

function stepOf([, previous, version]: WriteReply): VersionStep | undefined {
  return version === undefined ? undefined : { previous: previous ?? undefined, version };
}

/**
 * A durabledict store in Redis, in the Python durabledict's layout (see {@link RedisKeys}). Every write is
 * one atomic Lua script, sent at most once. The store never closes the client it was given.
 */
export class RedisStore implements DurableStore<string> {
  readonly name = "redis";
  /** The keys this store reads and writes. */
  readonly keys: RedisKeys;
  /** The server, database, key prefix and hash (see `DurableStore.scope`). */
  readonly scope: string;
  /** Present when the store was made with `watch: true`. See {@link RedisStoreOptions.watch}. */
  readonly watch?: DurableStore<string>["watch"];
  /** Present unless the store was made with `changeLog: false`. */
  readonly changesSince?: DurableStore<string>["changesSince"];
  private readonly logSize: number;
  private readonly maxChanges: number;
  private readonly timeout: number;
  private readonly scanCount: number;
  private readonly scriptKeys: string[];
  private commands: CommandConnection | undefined;

  /** The store of the hash `keyspace`. Throws on a `Cluster` when its keys would not share one slot. */
  constructor(
    private readonly client: RedisClient,
    keyspace: string,
    options: RedisStoreOptions = {},
  ) {
    if (client.isCluster && !options.hashTag && !sharesOneSlot(keyspace)) {
      throw new Error(
        `[durabledict:redis] keyspace "${keyspace}" spreads over several cluster slots: pass hashTag: true`,
      );
    }
    this.keys = redisKeys(keyspace, options.hashTag);
    this.scope = redisScope(client, this.keys.hash);
    this.logSize = options.changeLog === false ? 0 : (options.changeLogSize ?? 10_000);
    this.maxChanges = options.maxChangesPerSync ?? 1000;
    this.timeout = options.commandTimeout ?? 2000;
    this.scanCount = options.scanCount ?? 1000;
    const { hash, counter, log, logged, floor } = this.keys;
    this.scriptKeys = [hash, counter, log, logged, floor];
    if (options.watch) this.watch = (handlers) => watchRedis(client, this.keys, handlers, this.timeout);
    if (this.logSize > 0) this.changesSince = (version) => this.readChanges(version);
  }

  /** Throws `EncodingError` for a payload over Redis's 512 MB string limit, before anything is written. */
  validatePayload(key: string, payload: string): void {
    if (utf8Over(payload, maxPayloadBytes) !== undefined) {
      throw new EncodingError(key, "Redis holds at most 512 MB in one hash field", { adapter: this.name });
    }
  }

  /** `HSET` and the counter bump in one script. Resolves to the counter before and after. */
  persist(key: string, payload: string): Promise<VersionStep> {
    return this.write("set", key, payload).then((reply) => stepOf(reply)!); // A set always bumps.
  }

  /** Every entry and one counter bump in one script; nothing is written for an empty map. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    return entries.size === 0 ? undefined : stepOf(await this.write("set", ...[...entries].flat()));
  }

  /** `HDEL` and, when the key existed, the counter bump, in one script. */
  async depersist(key: string): Promise<DepersistResult> {
    const reply = await this.write("delete", key);
    return { existed: reply[0] === 1, ...stepOf(reply) };
  }

  /** Reads and deletes the key in one script; `undefined`, with the version untouched, when it is missing. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    const reply = await this.write("pop", key);
    return reply[0] === null ? undefined : { payload: reply[0] as string, ...stepOf(reply) };
  }

  /** Get-or-create in one script: the counter moves only when the key was created. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    const reply = await this.write("setdefault", key, payload);
    const step = stepOf(reply);
    return { payload: reply[0] as string, created: step !== undefined, ...step };
  }

  /** Loads the hash in `HSCAN` steps, so a large dict never blocks the server with one huge reply. */
  async durables(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    let cursor = "0";
    do {
      const [next, flat] = await this.send("redis HSCAN", (redis) =>
        redis.hscan(this.keys.hash, cursor, "COUNT", this.scanCount),
      );
      for (let i = 0; i < flat.length; i += 2) entries.set(flat[i]!, flat[i + 1]!);
      cursor = next;
    } while (cursor !== "0");
    return entries;
  }

  /** The counter as a number; `undefined` when it is missing. */
  lastUpdated(): Promise<Version> {
    return this.send("redis GET", (redis) => redis.get(this.keys.counter)).then(parseVersion);
  }

  /** Lets go of the command connection (closed with the last store on the client). The client stays open. */
  async close(): Promise<void> {
    if (this.commands) commandConnections.release(this.client, this.commands);
    this.commands = undefined;
  }

  private async readChanges(since: Version): Promise<StoreChanges<string> | undefined> {
    if (typeof since !== "number") return undefined;
    const reply = (await this.send("redis changes", (redis) =>
      redis.durabledictChanges(...this.scriptKeys, since, this.maxChanges),
    )) as (string | null)[] | null;
    if (reply === null) return undefined;
    const changed = new Map<string, string>();
    const deleted: string[] = [];
    for (let i = 1; i < reply.length; i += 2) {
      const payload = reply[i + 1];
      if (payload === null || payload === undefined) deleted.push(reply[i]!);
      else changed.set(reply[i]!, payload);
    }
    return { version: parseVersion(reply[0] ?? null), changed, deleted };
  }

  private write(...args: string[]): Promise<WriteReply> {
    return this.send("redis write", (redis) =>
      redis.durabledictWrite(...this.scriptKeys, this.keys.channel, this.logSize, ...args),
    ) as Promise<WriteReply>;
  }

  private async send<T>(operation: string, command: Command<T>): Promise<T> {
    this.commands ??= commandConnections.acquire(this.client);
    return this.commands.send(operation, this.timeout, command);
  }
}
