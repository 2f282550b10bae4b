import type { Version, VersionStep, WatchHandlers } from "@durabledict/core";
import { announceLocally, listenLocally } from "./local-bus.js";
import type { RedisClient } from "./redis-client.js";
import type { RedisKeys } from "./redis-keys.js";
import { type RedisWatch, watchRedis } from "./redis-watch.js";

/** Own echoes remembered at most; past that they are forgotten and merely cost a version check. */
const maxEchoes = 1000;

/**
 * The watch side of one store: its subscriptions, the process-local announcements of its writes, and the
 * echoes of its own writes, which need not wake its dict: the write already told it, and a write by anyone
 * else in between sends a message of its own.
 */
export class ChangeNotices {
  private readonly watches = new Set<RedisWatch>();
  private readonly localListeners = new Set<() => void>();
  /** Versions this store wrote right after the version it had last seen: their messages tell it nothing. */
  private readonly echoes = new Set<string>();
  private lastSeen: Version;

  constructor(
    private readonly client: RedisClient,
    private readonly keys: RedisKeys,
    private readonly timeout: number,
  ) {}

  /** Records a version read from the store. */
  saw(version: Version): void {
    this.lastSeen = version;
  }

  /**
   * Records a write of this store, and tells the other watching stores of this process before it resolves.
   * With several dicts watching through this one store, the store cannot tell which of them wrote, so each
   * is told and no echo is skipped.
   */
  wrote(step: VersionStep): void {
    const sole = this.localListeners.size <= 1;
    if (sole && step.previous !== undefined && step.previous === this.lastSeen) {
      if (this.echoes.size >= maxEchoes) this.echoes.clear();
      this.echoes.add(String(step.version));
    }
    this.lastSeen = step.version;
    announceLocally(this.keys.hash, sole ? this.localListeners : new Set());
  }

  /** Subscribes to the store's channel and the counter's keyspace notifications. */
  async watch(handlers: WatchHandlers): Promise<() => Promise<void>> {
    const db = this.client.isCluster ? 0 : ((this.client.options as { db?: number }).db ?? 0);
    const channels = [this.keys.channel, `__keyspace@${db}__:${this.keys.counter}`];
    const onMessage = (channel: string, message: string) => {
      if (channel === this.keys.channel && this.echoes.delete(message)) return;
      handlers.onChange();
    };
    const local = () => handlers.onChange();
    this.localListeners.add(local);
    const stopLocal = listenLocally(this.keys.hash, local);
    const watch = await watchRedis(
      this.client,
      channels,
      { onMessage, onStatus: handlers.onStatus },
      this.timeout,
    );
    this.watches.add(watch);
    return async () => {
      stopLocal();
      this.localListeners.delete(local);
      this.watches.delete(watch);
      await watch.stop();
    };
  }

  /** Ends every subscription. */
  async close(): Promise<void> {
    const watches = [...this.watches];
    this.watches.clear();
    await Promise.all(watches.map((watch) => watch.stop()));
  }
}
