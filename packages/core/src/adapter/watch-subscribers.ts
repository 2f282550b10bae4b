import type { WatchHandlers } from "../store.js";
import type { Version } from "../version.js";

/**
 * The handlers of every dict watching through one store (or one connection), and whether the watch is live:
 * the store announces each version move and each change of liveness once, and every subscriber hears it.
 */
export class WatchSubscribers {
  private readonly handlers = new Set<WatchHandlers>();

  /** @param live - whether the watch vouches for the dicts' copies from the start. */
  constructor(private live = false) {}

  /** How many subscribers there are. */
  get size(): number {
    return this.handlers.size;
  }

  /** Whether the watch is live now. */
  get isLive(): boolean {
    return this.live;
  }

  /** Adds `handlers`, told at once when the watch is live. @returns a function that removes them. */
  add(handlers: WatchHandlers): () => void {
    this.handlers.add(handlers);
    if (this.live) handlers.onStatus(true);
    return () => void this.handlers.delete(handlers);
  }

  /** Tells every subscriber that the store's version moved, to `version` when the store knows it. */
  announce(version?: Version): void {
    for (const handlers of [...this.handlers]) handlers.onChange(version);
  }

  /** Records whether the watch is live, telling the subscribers when that changed. */
  setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    for (const handlers of [...this.handlers]) handlers.onStatus(live);
  }

  /** Removes every subscriber. */
  clear(): void {
    this.handlers.clear();
  }
}
