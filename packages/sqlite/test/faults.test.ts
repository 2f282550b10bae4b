import { chmodSync } from "node:fs";
import { dirname } from "node:path";
import { DecodingError, StoreUnavailableError } from "@durabledict/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDict, SqliteStore } from "../src/index.js";
import { DictProcess } from "./support/dict-process.js";
import { useScratchFile } from "./support/scratch-file.js";

/**
 * Stores `"stored"` under `k`, makes the file read-only and its folder `folderMode`, then starts a process
 * that reads `k` and tries to write it. File permissions do not bind root, so as root it runs as `nobody`.
 */
async function tryWriteAsAnotherUser(file: string, folderMode: number): Promise<DictProcess> {
  const writer = await openSqliteDict<string>(file);
  await writer.set("k", "stored");
  await writer.close();
  chmodSync(file, 0o444);
  chmodSync(dirname(file), folderMode);
  const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return new DictProcess(file, "try-write", [], user);
}

describe("faults on a SQLite file", () => {
  const file = useScratchFile();

  it("a WAL file locked by another writer: reads go on, writes fail clearly, then succeed once it commits", async () => {
    const dict = await openSqliteDict<string>(file(), { busyTimeout: 50 });
    await dict.set("k", "before");
    const locker = new Database(file());
    locker.exec("BEGIN IMMEDIATE");
    try {
      const failed = await dict.set("k", "during").catch((caught: unknown) => caught);
      expect(failed).toBeInstanceOf(StoreUnavailableError);
      expect((failed as Error).message).toContain("is locked by another connection");
      expect((failed as Error).message).toContain(file());
      expect(((failed as Error).cause as { code: string }).code).toBe("SQLITE_BUSY");
      // SQLite never began the write: it is known not to have landed, so retrying it is safe.
      expect((failed as StoreUnavailableError).applied).toBe("no");
      expect(await dict.get("k")).toBe("before");
    } finally {
      locker.exec("COMMIT");
      locker.close();
    }
    await dict.set("k", "after");
    expect(await dict.get("k")).toBe("after");
    await dict.close();
  });

  it("a read-only file serves reads and refuses writes with an error that says so", async () => {
    const writer = await openSqliteDict<string>(file());
    await writer.set("k", "stored");
    await writer.close();
    const readonly = new Database(file(), { readonly: true });
    const dict = await openSqliteDict<string>(readonly);
    expect(await dict.get("k")).toBe("stored");
    const failed = await dict.set("k", "changed").catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect((failed as Error).message).toContain("is read-only");
    expect((failed as StoreUnavailableError).applied).toBe("no");
    expect(await dict.get("k")).toBe("stored");
    await dict.close();
    readonly.close();
  });

  it("a file this process may not write: reads work, writes fail saying the file is read-only", async () => {
    const child = await tryWriteAsAnotherUser(file(), 0o777);
    child.send("go");
    await child.finished();
    const [value, errorName, message] = child.results<string[]>()[0]!;
    expect(value).toBe("stored");
    expect(errorName).toBe("StoreUnavailableError");
    expect(message).toContain(`the SQLite file "${file()}" is read-only`);
  });

  it("a WAL file in a folder this process may not write fails to open, saying so", async () => {
    try {
      const child = await tryWriteAsAnotherUser(file(), 0o555);
      expect(await child.exited).toBe(1);
      expect(child.errorOutput).toContain("StoreUnavailableError");
      expect(child.errorOutput).toContain("is read-only (SQLITE_READONLY_DIRECTORY");
    } finally {
      chmodSync(dirname(file()), 0o755);
    }
  });

  it("a file whose folder does not exist fails to open with StoreUnavailableError", async () => {
    const failed = await openSqliteDict(`${file()}-missing/dict.db`).catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect((failed as Error).message).toContain("directory does not exist");
  });

  it("a corrupted value row fails only its own key, even when it is not text", async () => {
    const dict = await openSqliteDict<string>(file(), { autosync: false });
    await dict.update({ good: "fine", bad: "soon broken" });
    const raw = new Database(file());
    // Written by hand the way the store writes: the row changes and the change log gains the next version.
    raw.transaction(() => {
      raw.prepare("UPDATE durabledict SET value = ? WHERE key = 'bad'").run(Buffer.from([0xff, 0xfe, 0x00]));
      raw
        .prepare("INSERT INTO durabledict__changes SELECT max(version) + 1, 'bad' FROM durabledict__changes")
        .run();
    })();
    raw.close();
    expect(await dict.sync()).toBe(true);
    const error = await dict.get("bad").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as DecodingError).key).toBe("bad");
    expect(await dict.get("good")).toBe("fine");
    const fresh = await openSqliteDict<string>(file());
    expect(await fresh.get("good")).toBe("fine");
    await expect(fresh.get("bad")).rejects.toBeInstanceOf(DecodingError);
    await fresh.close();
    await dict.close();
  });

  it("a batch that fails inside SQLite writes none of its entries and leaves the version alone", async () => {
    const store = new SqliteStore(file());
    await store.persist("kept", '"v"');
    const before = await store.lastUpdated();
    const raw = new Database(file());
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON durabledict WHEN NEW.key = 'poison'
              BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END`);
    const batch = new Map([
      ["a", "1"],
      ["b", "2"],
      ["poison", "3"],
    ]);
    await expect(store.persistMany(batch)).rejects.toThrow("refused by a trigger");
    expect([...(await store.durables()).keys()]).toEqual(["kept"]);
    expect(await store.lastUpdated()).toBe(before);
    raw.close();
    await store.close();
  });
});
