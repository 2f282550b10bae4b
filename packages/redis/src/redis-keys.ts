import type { Version } from "@durabledict/core";

/**
 * The Redis keys one dict uses. The first two are the Python durabledict's layout, so both can share a dict;
 * the others are ours, under the same prefix (and so in the same cluster hash slot).
 */
export interface RedisKeys {
  /** The hash: field = dict key, value = encoded payload. */
  readonly hash: string;
  /** The integer version counter, bumped with every write. */
  readonly counter: string;
  /** The change log: a sorted set of dict keys scored by the version that last changed them. */
  readonly log: string;
  /** The version the change log last explained: when the counter is past it, someone wrote without logging. */
  readonly logged: string;
  /** The oldest version the change log can answer from: changes at or before it may be missing. */
  readonly floor: string;
  /** The pub/sub channel every write of ours publishes its new version on. */
  readonly channel: string;
}

/** Names the keys of `keyspace`; with `hashTag`, of `{keyspace}`, so a Cluster keeps them in one slot. */
export function redisKeys(keyspace: string, hashTag = false): RedisKeys {
  const base = hashTag ? `{${keyspace}}` : keyspace;
  return {
    hash: base,
    counter: `${base}last_updated`,
    log: `${base}:durabledict:log`,
    logged: `${base}:durabledict:logged`,
    floor: `${base}:durabledict:floor`,
    channel: `${base}:durabledict:changes`,
  };
}

/** Whether the keys named from `keyspace` share one cluster slot: it has a non-empty `{tag}`. */
export function sharesOneSlot(keyspace: string): boolean {
  const open = keyspace.indexOf("{");
  return open >= 0 && keyspace.indexOf("}", open + 1) > open + 1;
}

/** A counter reply: `undefined` when missing; text that is not a count stays text, so it still compares. */
export function parseVersion(raw: string | number | null): Version {
  if (raw === null) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : String(raw);
}
