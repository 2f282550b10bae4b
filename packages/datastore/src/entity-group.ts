import { epochVersion } from "@durabledict/core/adapter";
import { and, type Datastore, type Key, PropertyFilter, type Query } from "@google-cloud/datastore";
import { type EpochCounter, epochEnd, stamp, type VersionState } from "./version-state.js";

/** Where a dict lives: its kind, its ancestor, its namespace. */
export interface EntityGroupPlace {
  kind: string;
  ancestorKind: string;
  ancestor: string;
  namespace: string | undefined;
}

/**
 * The kind of the version entity (one per dict, named after the dict's kind, under the ancestor) and of the
 * tombstones under it (one per deleted key, named after the key). Not the dict's kind, so no reader of the
 * dict's entities (durabledict, or the seed blog's NDB model) ever takes one for an entry.
 */
export const versionKind = "DurableDictVersion";

/** An entity as written by a mutation. */
export interface Written {
  key: Key;
  data: Record<string, unknown>;
  excludeFromIndexes?: string[];
}

/**
 * The keys, entities and queries of one dict's entity group: entries of `kind`, the version entity and the
 * tombstones, all under one ancestor, so a transaction can cover them all and an ancestor query is strongly
 * consistent. Every entry and tombstone carries the stamp `v` of the write that last wrote it.
 */
export class EntityGroup {
  readonly ancestorKey: Key;
  readonly versionKey: Key;
  /**
   * UTF-8 bytes every entry spends besides its own key name and value: the rest of its key's path, the
   * namespace, and the stamp `v` (an epoch UUID, `:`, 16 digits; one byte more each for the property name
   * and the string's terminator, as Datastore counts sizes).
   */
  readonly entryOverheadBytes: number;

  constructor(
    readonly datastore: Datastore,
    readonly place: EntityGroupPlace,
  ) {
    this.ancestorKey = this.key([place.ancestorKind, place.ancestor]);
    this.versionKey = this.key([place.ancestorKind, place.ancestor, versionKind, place.kind]);
    const stampBytes = 1 + stamp({ epoch: epochVersion.newEpoch(), counter: 0 }).length + 1;
    this.entryOverheadBytes = [place.ancestorKind, place.ancestor, place.kind, place.namespace ?? ""]
      .map((part) => Buffer.byteLength(part, "utf8"))
      .reduce((sum, bytes) => sum + bytes, stampBytes);
  }

  /** The key of the entry for dict key `name`. */
  entryKey(name: string): Key {
    return this.key([this.place.ancestorKind, this.place.ancestor, this.place.kind, name]);
  }

  /** The key of the tombstone of dict key `name`. */
  tombstoneKey(name: string): Key {
    const { ancestorKind, ancestor, kind } = this.place;
    return this.key([ancestorKind, ancestor, versionKind, kind, versionKind, name]);
  }

  /** An entry holding `payload`, written by the write at `version`; the value unindexed, so it may be large. */
  entry(name: string, payload: string, version: EpochCounter): Written {
    return {
      key: this.entryKey(name),
      data: { value: payload, v: stamp(version) },
      excludeFromIndexes: ["value"],
    };
  }

  /** The tombstone the deletion of `name` at `version` leaves. */
  tombstone(name: string, version: EpochCounter): Written {
    return { key: this.tombstoneKey(name), data: { v: stamp(version) } };
  }

  /** The version entity holding `state`, stamped like what its write wrote. */
  version(state: VersionState): Written {
    return {
      key: this.versionKey,
      data: { ...state, v: stamp(state) },
      excludeFromIndexes: ["epoch", "counter", "tombstones", "floor"],
    };
  }

  /** Every entry of the dict: an ancestor query, so strongly consistent. */
  entriesQuery(): Query {
    return this.query(this.place.kind, this.ancestorKey);
  }

  /** The entries written after `since`, in its epoch (needs the composite index kind + ancestor + `v`). */
  entriesAfter(since: EpochCounter): Query {
    return this.inEpoch(this.query(this.place.kind, this.ancestorKey), ">", since);
  }

  /**
   * The version entity, while it is still in the epoch of `since`, and the tombstones of deletions from
   * `since` on (needs the composite index `DurableDictVersion` + ancestor + `v`).
   */
  versionRecordsFrom(since: EpochCounter): Query {
    return this.inEpoch(this.query(versionKind, this.versionKey), ">=", since);
  }

  /** The `limit` oldest tombstones (and the version entity, should it sort among them). */
  oldestTombstones(limit: number): Query {
    return this.query(versionKind, this.versionKey).order("v").limit(limit);
  }

  /** The key of an entity the driver returned. */
  keyOf(entity: object): Key | undefined {
    return (entity as Record<symbol, Key | undefined>)[this.datastore.KEY];
  }

  /** The key name of an entity the driver returned. */
  nameOf(entity: object): string | undefined {
    return this.keyOf(entity)?.name;
  }

  /** Whether an entity the driver returned is the version entity. */
  isVersion(entity: object): boolean {
    const key = this.keyOf(entity);
    return key?.kind === versionKind && key.parent?.kind === this.place.ancestorKind;
  }

  /** Whether an entity the driver returned is a tombstone. */
  isTombstone(entity: object): boolean {
    const key = this.keyOf(entity);
    return key?.kind === versionKind && key.parent?.kind === versionKind;
  }

  private key(path: string[]): Key {
    return this.datastore.key({ namespace: this.place.namespace, path });
  }

  private query(kind: string, ancestor: Key): Query {
    const { namespace } = this.place;
    const query =
      namespace === undefined
        ? this.datastore.createQuery(kind)
        : this.datastore.createQuery(namespace, kind);
    return query.hasAncestor(ancestor);
  }

  private inEpoch(query: Query, from: ">" | ">=", since: EpochCounter): Query {
    const range = and([
      new PropertyFilter("v", from, stamp(since)),
      new PropertyFilter("v", "<", epochEnd(since.epoch)),
    ]);
    return query.filter(range).order("v");
  }
}
