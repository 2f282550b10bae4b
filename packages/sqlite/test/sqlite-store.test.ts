import { DurableDict, DurableDictError } from "@durabledict/core";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { openSqliteDict, SqliteStore } from "../src/index.js";
import { useScratchFile } from "./support/scratch-file.js";

describe("SqliteStore", () => {
  const file = useScratchFile();

  it("refuses a table name that could carry SQL, before touching the file", () => {
    const db = new Database(file());
    const refused = ['x"; DROP TABLE y; --', "a b", "", "sqlite_master", "durabledict_versions", "1x"];
    // Names the store's own tables use, and a non-ASCII letter that lower-cases to an ASCII one (Kelvin sign).
    refused.push("durabledict_epochs", "Flags__Changes", "\u212A");
    for (const table of refused) {
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

  it("treats table names that differ only in case as one dict, as SQLite treats them as one table", async () => {
    const upper = await openSqliteDict<number>(file(), { table: "Flags" });
    const lower = await openSqliteDict<number>(file(), { table: "flags" });
    await upper.set("k", 1);
    expect(await lower.get("k")).toBe(1);
    await lower.set("k", 2);
    await lower.set("j", 3);
    expect(await upper.get("k")).toBe(2);
    expect(await upper.get("j")).toBe(3);
    const stores = [new SqliteStore(file(), { table: "FLAGS" }), new SqliteStore(file(), { table: "flags" })];
    expect(stores.map((store) => store.table)).toEqual(["flags", "flags"]);
    expect(await stores[0]!.lastUpdated()).toBe(await stores[1]!.lastUpdated());
    for (const store of stores) await store.close();
    await upper.close();
    await lower.close();
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

  it("keeps changes only within the window; a reader further behind reloads everything once", async () => {
    const store = new SqliteStore(file(), { deletionWindow: 5 });
    const reader = await DurableDict.open<number>(new SqliteStore(file()), { autosync: false });
    for (let i = 0; i < 20; i++) await store.persist(`k${i}`, `${i}`);
    await reader.sync();
    const behind = await store.lastUpdated();
    for (let i = 0; i < 12; i++) await store.depersist(`k${i}`);
    const logged = store.database.prepare("SELECT count(*) FROM durabledict__changes").pluck().get();
    expect(logged).toBeLessThanOrEqual(5);
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
