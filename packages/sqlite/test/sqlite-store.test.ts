import { DurableDict, DurableDictError } from "@durabledict/core";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { openSqliteDict, SqliteStore } from "../src/index.js";
import { useScratchFile } from "./support/scratch-file.js";

describe("SqliteStore", () => {
  const file = useScratchFile();

  it("refuses a table name that could carry SQL, before touching the file", () => {
    const db = new Database(file());
    for (const table of ['x"; DROP TABLE y; --', "a b", "", "sqlite_master", "durabledict_versions", "1x"]) {
      expect(() => new SqliteStore(db, { table })).toThrow(DurableDictError);
    }
    expect(db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get()).toBe(0);
    db.close();
  });

  it("keeps dicts under different tables of one file apart", async () => {
    const flags = await openSqliteDict<number>(file(), { table: "flags" });
    const limits = await openSqliteDict<number>(file(), { table: "limits" });
    await flags.set("k", 1);
    await limits.set("k", 2);
    expect(await flags.get("k")).toBe(1);
    expect(await limits.get("k")).toBe(2);
    await flags.delete("k");
    expect(await limits.get("k")).toBe(2);
    await flags.close();
    await limits.close();
  });

  it("refuses a table that exists but belongs to something else", async () => {
    const db = new Database(file());
    db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
    const failed = await openSqliteDict(db, { table: "users" }).catch((caught: unknown) => caught);
    expect(String(failed)).toContain('table "users" exists but is not a durabledict table');
    expect(db.prepare("SELECT count(*) FROM users").pluck().get()).toBe(0);
    db.close();
  });

  it("closes a file it opened, and never a Database it was given", async () => {
    const given = new Database(file());
    const dict = await openSqliteDict(given);
    await dict.set("k", 1);
    await dict.close();
    expect(given.open).toBe(true);
    given.close();
    const store = new SqliteStore(file());
    await store.lastUpdated();
    await store.close();
    expect(store.database.open).toBe(false);
  });

  it("opens files in WAL mode with a busy timeout", async () => {
    const store = new SqliteStore(file(), { busyTimeout: 1234 });
    expect(store.database.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.database.pragma("busy_timeout", { simple: true })).toBe(1234);
    await store.close();
  });

  it("a batch is one transaction with one version step", async () => {
    const store = new SqliteStore(file());
    await store.persist("a", "0");
    const step = await store.persistMany(new Map(Array.from({ length: 100 }, (_, i) => [`k${i}`, `${i}`])));
    const [epoch, counter] = String(step!.previous).split(":");
    expect(step!.version).toBe(`${epoch}:${Number(counter) + 1}`);
    expect(await store.lastUpdated()).toBe(step!.version);
    expect((await store.durables()).size).toBe(101);
    await store.close();
  });

  it("keeps deletions only within the window; a reader further behind reloads everything once", async () => {
    const store = new SqliteStore(file(), { deletionWindow: 5 });
    const reader = await DurableDict.open<number>(new SqliteStore(file()), { autosync: false });
    for (let i = 0; i < 20; i++) await store.persist(`k${i}`, `${i}`);
    await reader.sync();
    const behind = await store.lastUpdated();
    for (let i = 0; i < 12; i++) await store.depersist(`k${i}`);
    const tombstones = store.database.prepare("SELECT count(*) FROM durabledict__deleted").pluck().get();
    expect(tombstones).toBeLessThanOrEqual(5);
    expect(await store.changesSince(behind)).toBeUndefined();
    expect(await reader.sync()).toBe(true);
    expect((await reader.keys()).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `k${i + 12}`).sort());
    const recent = await store.lastUpdated();
    await store.depersist("k12");
    expect(await store.changesSince(recent)).toMatchObject({ changed: new Map(), deleted: ["k12"] });
    await reader.close();
    await store.close();
  });

  it("changesSince reports a key deleted and written again as changed only, and a deletion once", async () => {
    const store = new SqliteStore(file());
    await store.persist("k", '"first"');
    const before = await store.lastUpdated();
    await store.depersist("k");
    await store.persist("k", '"again"');
    await store.depersist("gone");
    expect(await store.changesSince(before)).toEqual({
      version: await store.lastUpdated(),
      changed: new Map([["k", '"again"']]),
      deleted: [],
    });
    await store.persist("gone", "1");
    await store.depersist("gone");
    expect((await store.changesSince(before))?.deleted).toEqual(["gone"]);
    await store.close();
  });

  it("keeps keys exactly, NUL and astral characters included", async () => {
    const dict = await openSqliteDict<string>(file());
    const keys = ["", "a\u0000b", "😀", "é", " spaced "];
    for (const key of keys) await dict.set(key, key);
    const other = await openSqliteDict<string>(file());
    expect((await other.keys()).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(await other.get(key)).toBe(key);
    await other.close();
    await dict.close();
  });

  it("a watch polls the file on a timer only when asked for, and close() stops it", async () => {
    const given = new Database(file());
    const pragma = given.pragma.bind(given);
    let polls = 0;
    given.pragma = (source, options) => {
      if (source === "data_version") polls++;
      return pragma(source, options);
    };
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const dict = await openSqliteDict(given, { watchInterval: 10 });
      const opened = polls;
      vi.advanceTimersByTime(100);
      expect(polls - opened).toBe(10);
      await dict.close();
      const closed = polls;
      vi.advanceTimersByTime(100);
      expect(polls).toBe(closed);
      const unwatched = await openSqliteDict(given);
      vi.advanceTimersByTime(100);
      expect(polls).toBe(closed);
      await unwatched.close();
    } finally {
      vi.useRealTimers();
      given.close();
    }
  });
});
