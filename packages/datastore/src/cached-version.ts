import type { Version, VersionCounter, VersionStep } from "@durabledict/core";
import { formatVersion, type VersionState } from "./version-state.js";

/**
 * The version check served from a {@link VersionCounter} (memcache) instead of Datastore, made safe against
 * everything a cache does. The version entity stays the truth; the counter is a fast hint that moves after
 * every commit. Three rules keep readers from going stale:
 *
 * - A missing counter (evicted, flushed, restarted) is rebuilt with `add` from the version entity.
 * - Every `checkInterval` ms, and on the first call, this store reads the version entity too. If it differs
 *   from the one whose content this process last loaded (or wrote), the commits in between may never have
 *   moved the counter (a writer died between its commit and its increment, or the counter went backwards
 *   after a flush and landed on a value already seen): the store then reports a version no reader has seen,
 *   `<counter>/<epoch>:<entity counter>`, until the counter next moves. So a reader lags by at most
 *   `checkInterval` plus one round trip, whatever the cache does.
 * - While the counter cannot be reached, versions come from the entity itself (`entity:<epoch>:<counter>`).
 */
export class CachedVersion {
  /** The entity version whose content this process holds; `null` before it has loaded anything. */
  private loaded: string | undefined | null = null;
  /** A version reported instead of the counter while the counter stays at `counter`. */
  private override: { counter: number; version: string } | undefined;
  private nextCheckAt = 0;
  private counterDownUntil = 0;

  constructor(
    private readonly counter: VersionCounter,
    private readonly readEntity: () => Promise<VersionState | undefined>,
    private readonly checkInterval: number,
  ) {}

  /** The store's version, as `lastUpdated()` reports it. */
  async current(): Promise<Version> {
    if (Date.now() < this.counterDownUntil) return this.fromEntity();
    const due = Date.now() >= this.nextCheckAt;
    const value = await this.fromCounter(() => this.counter.get());
    if (value === "down") return this.fromEntity();
    if (value === undefined || due) return this.check(value);
    return this.present(value);
  }

  /** Records that this process loaded the content of `state` (read before the content, never after). */
  noteLoaded(state: VersionState | undefined): void {
    this.loaded = formatVersion(state);
  }

  /**
   * Moves the counter after a commit that took the entity from `previous` to `next`.
   * @returns the step in counter values when the increment landed, so the writer skips its re-sync.
   */
  async announce(previous: VersionState | undefined, next: VersionState): Promise<VersionStep | undefined> {
    if (this.loaded === formatVersion(previous)) this.loaded = formatVersion(next);
    if (Date.now() < this.counterDownUntil) return undefined;
    const value = await this.fromCounter(() => this.counter.incr());
    if (value === undefined) await this.fromCounter(() => this.counter.add(next.counter));
    if (value === undefined || value === "down") return undefined;
    // Before the increment this store reported the override, if one stood for the counter's old value.
    const previousReported = this.override?.counter === value - 1 ? this.override.version : value - 1;
    return { previous: previousReported, version: value };
  }

  /** Reads the entity (counter first, so a commit between the two reads is caught, not hidden). */
  private async check(seen: number | undefined): Promise<Version> {
    this.nextCheckAt = Date.now() + this.checkInterval;
    const state = await this.readEntity();
    let value = seen;
    if (value === undefined) {
      const rebuilt = await this.fromCounter(async () => {
        await this.counter.add(state?.counter ?? 0);
        return this.counter.get();
      });
      if (rebuilt === "down" || rebuilt === undefined) return `entity:${formatVersion(state) ?? "none"}`;
      value = rebuilt;
    }
    const entity = formatVersion(state);
    // Before its first load this store has handed out no content that could be stale.
    if (this.loaded !== null && entity !== this.loaded)
      this.override = { counter: value, version: `${value}/${entity ?? "none"}` };
    return this.present(value);
  }

  private present(value: number): Version {
    if (this.override?.counter === value) return this.override.version;
    this.override = undefined;
    return value;
  }

  private async fromEntity(): Promise<Version> {
    return `entity:${formatVersion(await this.readEntity()) ?? "none"}`;
  }

  /** Runs a counter call; an unreachable cache is not an error, just a reason to use the entity for a while. */
  private async fromCounter<T>(call: () => Promise<T>): Promise<T | "down"> {
    try {
      return await call();
    } catch {
      this.counterDownUntil = Date.now() + this.checkInterval;
      return "down";
    }
  }
}
