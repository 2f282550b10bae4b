import {
  type DepersistResult,
  type DurableStore,
  EncodingError,
  type PopResult,
  type SetdefaultResult,
  type StoreChanges,
  type Version,
  type VersionStep,
  type WatchHandlers,
} from "@durabledict/core";
import { ChangeNotices } from "./change-notices.js";
import { changesScript } from "./changes-script.js";
import { failFast } from "./fail-fast.js";
import type { LuaScript } from "./lua-script.js";
import type { RedisClient } from "./redis-client.js";
import { type RedisKeys, redisKeys, sharesOneSlot } from "./redis-keys.js";
import type { RedisStoreOptions } from "./redis-store-options.js";
import { parseVersion, versionStep } from "./version-reply.js";
import {
  depersistScript,
  persistManyScript,
  persistScript,
  popScript,
  setdefaultScript,
} from "./write-scripts.js";

/** Redis refuses strings longer than 512 MB. */
const maxPayloadBytes = 512 * 1024 * 1024;

/**
 * A durabledict store in Redis, in the Python durabledict's layout: a hash at `<keyspace>` (field = key,
 * value = payload) and an integer counter at `<keyspace>last_updated`. Every write is one Lua script: the
 * hash change, the counter bump, a change-log entry and a pub/sub message, atomic and in one round trip.
 *
 * The store never closes the client it was given; `close()` ends only the subscriber connection it
 * duplicated for `watch`.
 */
export class RedisStore implements DurableStore<string> {
  readonly name = "redis";
  /** The keys this store reads and writes. */
  readonly keys: RedisKeys;
  /** Present when the store was made with `watch: true`. See {@link RedisStoreOptions.watch}. */
  readonly watch?: (handlers: WatchHandlers) => Promise<() => Promise<void>>;
  /** Present unless the store was made with `changeLog: false`. */
  readonly changesSince?: (version: Version) => Promise<StoreChanges<string> | undefined>;
  private readonly logSize: number;
  private readonly maxChanges: number;
  private readonly timeout: number;
  private readonly scanCount: number;
  private readonly notices: ChangeNotices;

  /**
   * @param client - a connected (or connecting) ioredis `Redis` or `Cluster`; left open by `close()`.
   * @param keyspace - the hash's key; the counter is `<keyspace>last_updated`.
   * @throws Error on a `Cluster` client when the dict's keys would not share one slot (see `hashTag`).
   */
  constructor(
    private readonly client: RedisClient,
    keyspace: string,
    options: RedisStoreOptions = {},
  ) {
    if (client.isCluster && !sharesOneSlot(keyspace, options.hashTag)) {
      throw new Error(
        `[durabledict:redis] keyspace "${keyspace}" spreads over several cluster slots: pass hashTag: true`,
      );
    }
    this.keys = redisKeys(keyspace, options.hashTag);
    this.logSize = options.changeLog === false ? 0 : (options.changeLogSize ?? 10_000);
    this.maxChanges = options.maxChangesPerSync ?? 1000;
    this.timeout = options.commandTimeout ?? 2000;
    this.scanCount = options.scanCount ?? 1000;
    this.notices = new ChangeNotices(client, this.keys, this.timeout);
    if (options.watch) this.watch = (handlers) => this.notices.watch(handlers);
    if (this.logSize > 0) this.changesSince = (version) => this.readChanges(version);
  }

  /** Throws `EncodingError` for a payload over Redis's 512 MB string limit, before anything is written. */
  validatePayload(key: string, payload: string): void {
    // A UTF-16 unit takes at most 3 UTF-8 bytes, so a string this short cannot be over the limit.
    if (payload.length * 3 <= maxPayloadBytes) return;
    if (Buffer.byteLength(payload) > maxPayloadBytes) {
      throw new EncodingError(key, "Redis holds at most 512 MB in one hash field", { adapter: this.name });
    }
  }

  /** `HSET` and the counter bump in one script. Resolves to the counter before and after. */
  async persist(key: string, payload: string): Promise<VersionStep> {
    return this.bumped(await this.write(persistScript, [key, payload]));
  }

  /** Every entry and one counter bump in one script; nothing is written for an empty map. */
  async persistMany(entries: Map<string, string>): Promise<VersionStep | undefined> {
    if (entries.size === 0) return undefined;
    return this.bumped(await this.write(persistManyScript, [...entries].flat()));
  }

  /** `HDEL` and, when the key existed, the counter bump, in one script. */
  async depersist(key: string): Promise<DepersistResult> {
    const [existed, ...step] = (await this.write(depersistScript, [key])) as unknown[];
    return existed === 1 ? { existed: true, ...this.bumped(step) } : { existed: false };
  }

  /** Reads and deletes the key in one script; `undefined`, with the version untouched, when it is missing. */
  async pop(key: string): Promise<PopResult<string> | undefined> {
    const reply = (await this.write(popScript, [key])) as unknown[] | null;
    if (reply === null) return undefined;
    const [payload, ...step] = reply;
    return { payload: payload as string, ...this.bumped(step) };
  }

  /** Get-or-create in one script: the counter moves only when the key was created. */
  async setdefault(key: string, payload: string): Promise<SetdefaultResult<string>> {
    const [created, stored, ...step] = (await this.write(setdefaultScript, [key, payload])) as unknown[];
    if (created !== 1) return { payload: stored as string, created: false };
    return { payload: stored as string, created: true, ...this.bumped(step) };
  }

  /** Loads the hash in `HSCAN` steps, so a large dict never blocks the server with one huge reply. */
  async durables(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    let cursor = "0";
    do {
      const [next, flat] = await failFast(this.client, this.timeout, () =>
        this.client.hscan(this.keys.hash, cursor, "COUNT", this.scanCount),
      );
      for (let i = 0; i < flat.length; i += 2) entries.set(flat[i]!, flat[i + 1]!);
      cursor = next;
    } while (cursor !== "0");
    return entries;
  }

  /** The counter as a number; `undefined` when it is missing. */
  async lastUpdated(): Promise<Version> {
    const raw = await failFast(this.client, this.timeout, () => this.client.get(this.keys.counter));
    const version = parseVersion(raw);
    this.notices.saw(version);
    return version;
  }

  /** Ends every watch this store started and closes their connections. The user's client stays open. */
  async close(): Promise<void> {
    await this.notices.close();
  }

  private async readChanges(since: Version): Promise<StoreChanges<string> | undefined> {
    if (typeof since !== "number") return undefined;
    const reply = (await failFast(this.client, this.timeout, () =>
      changesScript.run(this.client, this.scriptKeys(), [since, this.maxChanges]),
    )) as (string | null)[] | null;
    if (reply === null) return undefined;
    const changed = new Map<string, string>();
    const deleted: string[] = [];
    for (let i = 1; i < reply.length; i += 2) {
      const payload = reply[i + 1];
      if (payload === null || payload === undefined) deleted.push(reply[i]!);
      else changed.set(reply[i]!, payload);
    }
    const version = parseVersion(reply[0] ?? null);
    this.notices.saw(version);
    return { version, changed, deleted };
  }

  private write(script: LuaScript, args: string[]): Promise<unknown> {
    return failFast(this.client, this.timeout, () =>
      script.run(this.client, this.scriptKeys(), [this.keys.channel, this.logSize, ...args]),
    );
  }

  /** Reads the version step of a write that bumped the counter, and lets the notices know of it. */
  private bumped(reply: unknown): VersionStep {
    const step = versionStep(reply);
    this.notices.wrote(step);
    return step;
  }

  private scriptKeys(): string[] {
    return [this.keys.hash, this.keys.counter, this.keys.log, this.keys.meta];
  }
}
