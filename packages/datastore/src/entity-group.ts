import type { Datastore, Key } from "@google-cloud/datastore";
import { readVersionState, type VersionState } from "./version-state.js";

/** Where a dict lives: its kind, its ancestor, its namespace. */
export interface EntityGroupPlace {
  kind: string;
  ancestorKind: string;
  ancestor: string;
  namespace: string | undefined;
}

/** The kind of the version entity, one per dict, named after the dict's kind. */
export const versionKind = "DurableDictVersion";

/**
 * The keys and queries of one dict's entity group: entries of `kind` and the version entity, all under one
 * ancestor, so a transaction can cover them all and an ancestor query is strongly consistent.
 */
export class EntityGroup {
  readonly ancestorKey: Key;
  readonly versionKey: Key;
  /** UTF-8 bytes every entry key spends on its path and namespace before its own name. */
  readonly keyOverheadBytes: number;

  constructor(
    readonly datastore: Datastore,
    readonly place: EntityGroupPlace,
  ) {
    this.ancestorKey = datastore.key({
      namespace: place.namespace,
      path: [place.ancestorKind, place.ancestor],
    });
    this.versionKey = datastore.key({
      namespace: place.namespace,
      path: [place.ancestorKind, place.ancestor, versionKind, place.kind],
    });
    this.keyOverheadBytes = [place.ancestorKind, place.ancestor, place.kind, place.namespace ?? ""]
      .map((part) => Buffer.byteLength(part, "utf8"))
      .reduce((sum, bytes) => sum + bytes, 0);
  }

  /** The key of the entry for dict key `name`. */
  entryKey(name: string): Key {
    return this.datastore.key({
      namespace: this.place.namespace,
      path: [this.place.ancestorKind, this.place.ancestor, this.place.kind, name],
    });
  }

  /** An entry entity holding `payload`, its value unindexed so it may be as large as the entity limit. */
  entry(name: string, payload: string): { key: Key; data: { value: string }; excludeFromIndexes: string[] } {
    return { key: this.entryKey(name), data: { value: payload }, excludeFromIndexes: ["value"] };
  }

  /** The version entity holding `state`. */
  version(state: VersionState): { key: Key; data: VersionState; excludeFromIndexes: string[] } {
    return { key: this.versionKey, data: state, excludeFromIndexes: ["epoch", "counter"] };
  }

  /** Every entry of the dict: an ancestor query, so strongly consistent. */
  entriesQuery() {
    const { namespace, kind } = this.place;
    const query =
      namespace === undefined
        ? this.datastore.createQuery(kind)
        : this.datastore.createQuery(namespace, kind);
    return query.hasAncestor(this.ancestorKey);
  }

  /** The key name of an entity the driver returned. */
  nameOf(entity: object): string | undefined {
    return (entity as Record<symbol, Key | undefined>)[this.datastore.KEY]?.name;
  }

  /** Whether an entity the driver returned is the version entity. */
  isVersion(entity: object): boolean {
    const key = (entity as Record<symbol, Key | undefined>)[this.datastore.KEY];
    return key?.kind === versionKind && key.name === this.place.kind;
  }

  /** The stored payload of an entry entity the driver returned. */
  payloadOf(entity: object): string | undefined {
    const { value } = entity as { value?: unknown };
    return typeof value === "string" ? value : undefined;
  }

  /** The version state held by an entity the driver returned, if it is the version entity. */
  versionOf(entity: object | undefined): VersionState | undefined {
    return entity !== undefined && this.isVersion(entity) ? readVersionState(entity) : undefined;
  }
}
