import type { StoreChanges, Version, VersionCounter, VersionStep } from "@durabledict/core";
import { epochVersion } from "@durabledict/core/adapter";
import type { FoundChanges } from "./find-changes.js";
import { type EpochCounter, formatVersion, type VersionState } from "./version-state.js";

/** The version entity as this store last read (or wrote) it, with the counter's value read alongside. */
interface Reading {
  /** The counter then; `undefined` when memcache could not be reached. */
  counter: number | undefined;
  entity: EpochCounter | undefined;
}

/** A version of a store with a counter, taken apart: the counter now, and the reading it was spelled with. */
interface CounterVersionParts {
  counter: number | undefined;
  reading: Reading;
}

/**
 * `<counter>/<counter read with the entity>/<epoch>:<entity counter>`: `-` for a counter memcache could not
 * give, `none` for a dict never written.
 */
function spell(counter: number | undefined, reading: Reading): string {
  const number = (value: number | undefined) => (value === undefined ? "-" : String(value));
  return `${number(counter)}/${number(reading.counter)}/${formatVersion(reading.entity) ?? "none"}`;
}

function parse(version: Version): CounterVersionParts | undefined {
  if (typeof version !== "string") return undefined;
  const [now, then, ...rest] = version.split("/");
  const number = (text: string | undefined) =>
    text === undefined || text === "-" ? undefined : Number(text);
  const entity = rest.join("/");
  return {
    counter: number(now),
    reading: { counter: number(then), entity: entity === "none" ? undefined : epochVersion.split(entity) },
  };
}

/**
 * The version of a store whose version checks read a {@link VersionCounter} (memcache) instead of Datastore,
 * made safe against everything a cache does. The version entity stays the truth; the counter is a hint that
 * every write of ours bumps after its commit, and the seed blog's writer bumps too.
 *
 * The version spells the counter now and the last reading of the version entity with the counter's value at
 * that reading (see `spell`). The entity is read on the first check, after `changes` could not answer, and
 * every `checkInterval` ms, so a
 * commit whose increment never happened (its writer died, memcache lost it, the counter went backwards onto
 * a value a reader holds) still changes the version within that bound. A missing counter is rebuilt with
 * `add` from the entity; while memcache cannot be reached, every check reads the entity.
 *
 * Between two readings the counter moves once per commit of ours, so `counter - entity counter` stays put; it
 * grows when a writer that keeps no tombstones or stamps bumps the counter alone (the seed blog's NDB dict),
 * and then the changes the entity group records cannot be the whole story: the dict reloads everything.
 */
export class CounterVersion {
  private reading: Reading | undefined;
  private nextCheckAt = 0;
  private counterDownUntil = 0;
  /**
   * Set when `changes` could not answer, so the dict reloads under a version whose entity reading may be
   * older than the counter: the next check reads the entity again, so the version the dict settles on after
   * that pairs the two as they were and `changes` answers again. Costs nothing on the path of our own writes.
   */
  private unpaired = false;

  constructor(
    private readonly counter: VersionCounter,
    private readonly readEntity: () => Promise<VersionState | undefined>,
    private readonly checkInterval: number,
  ) {}

  /** The store's version, as `lastUpdated()` reports it. */
  async current(): Promise<Version> {
    const value = await this.counterNow();
    if (value === "down") return spell(undefined, await this.read(undefined));
    if (value === undefined) return this.rebuild();
    if (Date.now() >= this.nextCheckAt || this.reading?.counter === undefined || this.unpaired) {
      this.nextCheckAt = Date.now() + this.checkInterval;
      this.unpaired = false;
      await this.read(value);
    }
    return spell(value, this.reading!);
  }

  /**
   * The changes since `version`, from `find` (the entity group's records after an entity version) checked
   * against the counter: `undefined`, so the dict reloads everything, when the counter moved more than the
   * entity (a writer that records nothing), less (an increment lost), or cannot be compared.
   */
  async changes(
    version: Version,
    find: (since: EpochCounter) => Promise<FoundChanges | undefined>,
  ): Promise<StoreChanges<string> | undefined> {
    const since = parse(version);
    const found = await this.compare(since, find);
    if (found === undefined) {
      this.unpaired = true;
      return undefined;
    }
    const { state, complete, counter } = found;
    this.reading = { counter, entity: state };
    // Claimed short of the entity's counter, the reading keeps the offset, so the next check finds the rest.
    const claimed = counter === undefined ? undefined : counter - (state.counter - complete);
    const spelled = spell(counter, { counter: claimed, entity: { epoch: state.epoch, counter: complete } });
    return { version: spelled, changed: found.changed, deleted: found.deleted };
  }

  /** What `find` answers since the entity reading of `since`, when the counter moved with the entity. */
  private async compare(
    since: CounterVersionParts | undefined,
    find: (since: EpochCounter) => Promise<FoundChanges | undefined>,
  ): Promise<(FoundChanges & { counter: number | undefined }) | undefined> {
    if (since?.reading.entity === undefined) return undefined;
    const [value, found] = await Promise.all([this.counterNow(), find(since.reading.entity)]);
    if (found === undefined || value === undefined) return undefined;
    const counter = value === "down" ? undefined : value;
    if (counter !== undefined) {
      if (since.reading.counter === undefined) return undefined;
      const offset = since.reading.counter - since.reading.entity.counter;
      if (counter - found.state.counter !== offset) return undefined;
    }
    return { ...found, counter };
  }

  /**
   * Moves the counter after a commit that took the entity from `previous` to `next`.
   * @returns the version step when it is known, so the writer skips its re-sync.
   */
  async announce(previous: EpochCounter | undefined, next: EpochCounter): Promise<VersionStep | undefined> {
    const before = this.reading;
    const value =
      Date.now() < this.counterDownUntil ? "down" : await this.fromCounter(() => this.counter.incr());
    if (value === undefined) {
      // Lost (evicted, flushed): rebuilt from this commit; the next check reads the entity again.
      await this.fromCounter(() => this.counter.add(next.counter));
      this.reading = undefined;
      return undefined;
    }
    if (value === "down") {
      this.reading = { counter: undefined, entity: next };
      return {
        previous: spell(undefined, { counter: undefined, entity: previous }),
        version: spell(undefined, { counter: undefined, entity: next }),
      };
    }
    this.reading = { counter: value, entity: next };
    return {
      previous: spell(value - 1, { counter: before?.counter, entity: previous }),
      version: spell(value, { counter: value, entity: next }),
    };
  }

  /** A counter memcache lost: rebuilt from the entity with `add` (whoever adds first wins). */
  private async rebuild(): Promise<Version> {
    const entity = await this.readEntity();
    const value = await this.fromCounter(async () => {
      await this.counter.add(entity?.counter ?? 0);
      return this.counter.get();
    });
    const counter = value === "down" ? undefined : value;
    this.reading = { counter, entity };
    this.nextCheckAt = Date.now() + this.checkInterval;
    return spell(counter, { counter, entity });
  }

  /** Reads the entity (after the counter, so a commit between the two is caught, not hidden). */
  private async read(counter: number | undefined): Promise<Reading> {
    this.reading = { counter, entity: await this.readEntity() };
    return this.reading;
  }

  /** The counter's value, `"down"` while memcache cannot be reached. */
  private counterNow(): Promise<number | undefined | "down"> {
    if (Date.now() < this.counterDownUntil) return Promise.resolve("down");
    return this.fromCounter(() => this.counter.get());
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
