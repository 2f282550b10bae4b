import { DurableDict, type Version } from "@durabledict/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDict, SqliteStore } from "../src/index.js";
import { useScratchFile } from "./support/scratch-file.js";

describe("the watch (watchInterval)", () => {
  const file = useScratchFile();

  it("announces the version it finds when another connection commits", async () => {
    const watching = new SqliteStore(file(), { watchInterval: 5 });
    const writer = new SqliteStore(file());
    const announced: Version[] = [];
    let heard = () => {};
    const unwatch = await watching.watch!({
      onChange: (version) => {
        announced.push(version);
        heard();
      },
      onStatus: () => {},
    });
    for (let i = 0; i < 3; i++) {
      const next = new Promise<void>((resolve) => {
        heard = resolve;
      });
      const { version } = await writer.persist("k", `${i}`);
      await next;
      expect(announced.at(-1)).toBe(version);
    }
    await unwatch();
    await writer.close();
    await watching.close();
  });

  it("dicts of one process over one table hear of each other's writes at once, whatever the connections", async () => {
    // An interval no test waits for: only core, through the stores' shared scope, can tell them in time.
    const first = await openSqliteDict<number>(file(), { watchInterval: 60_000 });
    const connection = new Database(file());
    const second = await openSqliteDict<number>(connection, { watchInterval: 60_000 });
    for (let i = 0; i < 3; i++) {
      await first.set("k", i);
      expect(await second.get("k")).toBe(i);
      await second.set("j", i);
      expect(await first.get("j")).toBe(i);
    }
    await first.close();
    await second.close();
    connection.close();
  });

  it("is not offered for an in-memory database, which no other connection can write: reads check instead", async () => {
    const db = new Database(":memory:");
    const store = new SqliteStore(db, { watchInterval: 10 });
    expect(store.watch).toBeUndefined();
    const first = await DurableDict.open<number>(store);
    const second = await DurableDict.open<number>(new SqliteStore(db));
    await first.set("k", 1);
    expect(await second.get("k")).toBe(1);
    await first.close();
    await second.close();
    db.close();
  });
});
