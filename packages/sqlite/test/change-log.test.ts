import type Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDict, SqliteStore } from "../src/index.js";
import { useScratchFile } from "./support/scratch-file.js";

/** The versions the change log of the default table holds, lowest and highest. */
function loggedVersions(db: Database.Database): [number, number] {
  return db.prepare("SELECT min(version), max(version) FROM durabledict__changes").raw().get() as [
    number,
    number,
  ];
}

describe("the change log (<table>__changes)", () => {
  const file = useScratchFile();

  it("is pruned in batches, and always answers changesSince for the whole window", async () => {
    // A window of 32 versions is pruned every 2 writes (a sixteenth of it).
    const store = new SqliteStore(file(), { deletionWindow: 32 });
    const versions = [];
    for (let i = 0; i < 100; i++) versions.push((await store.persist(`k${i % 10}`, `${i}`)).version);
    const [oldest, newest] = loggedVersions(store.database);
    expect(newest - oldest + 1).toBeGreaterThanOrEqual(32);
    expect(newest - oldest + 1).toBeLessThanOrEqual(33);
    const windowBack = versions[versions.length - 1 - 32];
    expect((await store.changesSince(windowBack))?.changed.size).toBe(10);
    expect(await store.changesSince(versions[versions.length - 1 - 40])).toBeUndefined();
    await store.close();
  });

  it("emptied by hand, starts a new epoch: no version repeats one a reader may hold", async () => {
    const store = new SqliteStore(file());
    const reader = await openSqliteDict<number>(file(), { autosync: false });
    const seen = [];
    for (let i = 1; i <= 3; i++) seen.push((await store.persist("k", `${i}`)).version);
    await reader.sync();
    store.database.exec("DELETE FROM durabledict__changes");
    expect(await store.lastUpdated()).toBeUndefined();
    for (let i = 4; i <= 6; i++) {
      const { version } = await store.persist(`k${i}`, `${i}`);
      expect(seen).not.toContain(version);
    }
    expect(await reader.sync()).toBe(true);
    expect((await reader.keys()).sort()).toEqual(["k", "k4", "k5", "k6"]);
    await reader.close();
    await store.close();
  });
});
