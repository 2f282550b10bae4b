import { DurableDictError } from "@durabledict/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDict, SqliteStore } from "../src/index.js";
import { startTogether } from "./support/dict-process.js";
import { layoutOf, legacyEntries, writeLegacyFile } from "./support/legacy-file.js";
import { useScratchFile } from "./support/scratch-file.js";

/** The layout of a dict's tables once migrated, beside `durabledict_epochs`. */
const migrated = (table: string) => ({
  [table]: ["key", "value"],
  [`${table}__changes`]: ["version", "key"],
});

describe("a file of the earlier layout (a version column, <table>__deleted, durabledict_versions)", () => {
  const file = useScratchFile();

  it("is migrated when a dict opens it: every entry kept, the old tables gone, writes and incremental syncs work", async () => {
    writeLegacyFile(file());
    const dict = await openSqliteDict(file());
    expect((await dict.entries()).sort()).toEqual(legacyEntries);
    // The other dict of the file keeps the old layout, and its row in durabledict_versions, until it opens.
    expect(layoutOf(file())).toEqual({
      ...migrated("durabledict"),
      durabledict_epochs: ["dict", "epoch"],
      durabledict_versions: ["dict", "epoch", "counter", "horizon"],
      limits: ["key", "value", "version"],
      limits__deleted: ["key", "version"],
    });

    const store = new SqliteStore(file());
    await dict.set("e", 5);
    const before = await store.lastUpdated();
    await dict.delete("a");
    await dict.set("b", "changed");
    expect(await store.changesSince(before)).toEqual({
      version: await store.lastUpdated(),
      changed: new Map([["b", '"changed"']]),
      deleted: ["a"],
    });

    const limits = await openSqliteDict(file(), { table: "limits" });
    expect(await limits.entries()).toEqual([["k", 2]]);
    expect(layoutOf(file())).toEqual({
      ...migrated("durabledict"),
      ...migrated("limits"),
      durabledict_epochs: ["dict", "epoch"],
    });
    await limits.close();
    await store.close();
    await dict.close();
  });

  it("is migrated once when several processes open it at once, and each of them reads every entry", async () => {
    writeLegacyFile(file());
    const openers = await startTogether(4, file(), "open", (i) => [`opened-${i}`]);
    await Promise.all(openers.map((opener) => opener.finished()));
    for (const opener of openers) {
      const [seen] = opener.results<[string, unknown][]>();
      // Each saw the legacy entries, and perhaps the keys of processes that wrote before it read.
      expect(seen!.filter(([key]) => !key.startsWith("opened-"))).toEqual(legacyEntries);
    }
    const dict = await openSqliteDict(file());
    expect((await dict.keys()).sort()).toEqual(
      [...legacyEntries.map(([key]) => key), ...[0, 1, 2, 3].map((i) => `opened-${i}`)].sort(),
    );
    await dict.close();
    expect(layoutOf(file())).toMatchObject(migrated("durabledict"));
  });

  it("opened read-only, is refused with an error saying it needs one open with write access", async () => {
    writeLegacyFile(file());
    const readonly = new Database(file(), { readonly: true });
    const failed = await openSqliteDict(readonly).catch((caught: unknown) => caught);
    expect(DurableDictError.isInstance(failed)).toBe(true);
    expect((failed as Error).message).toContain("layout of an earlier @durabledict/sqlite");
    expect((failed as Error).message).toContain("open it once with write access");
    readonly.close();
    expect(layoutOf(file())).toMatchObject({ durabledict: ["key", "value", "version"] });
  });
});
