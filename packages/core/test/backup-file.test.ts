import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChangeEvent,
  DurableDict,
  DurableDictError,
  type DurableDictOptions,
  type DurableStore,
  type StatusEvent,
  StoreUnavailableError,
} from "../src/index.js";
import { mapStore } from "./support/map-store.js";

/** A map store that can be switched off: every call then rejects, as a driver's would with the server gone. */
function switchableStore(scope = "map://settings") {
  const staged = mapStore("map");
  let up = true;
  const guarded = Object.fromEntries(
    Object.entries(staged.store).map(([name, member]) => [
      name,
      typeof member === "function"
        ? (...args: unknown[]) => {
            if (!up) return Promise.reject(new Error("connection refused"));
            return (member as (...a: unknown[]) => Promise<unknown>).apply(staged.store, args);
          }
        : member,
    ]),
  ) as unknown as DurableStore<string>;
  return {
    ...staged,
    store: { ...guarded, scope } as DurableStore<string>,
    setUp(value: boolean) {
      up = value;
    },
  };
}

describe("a backup file", () => {
  let folder: string;
  const dicts: DurableDict<unknown>[] = [];
  afterEach(async () => {
    for (const dict of dicts.splice(0)) await dict.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const file = () => {
    folder = mkdtempSync(join(tmpdir(), "durabledict-backup-"));
    return join(folder, "settings.backup.json");
  };
  const open = async <V>(store: DurableStore<string>, options: DurableDictOptions) => {
    const dict = await DurableDict.open<V>(store, { retryDelay: 10, ...options });
    dicts.push(dict as DurableDict<unknown>);
    return dict;
  };

  it("is kept current with the dict's writes and syncs, and written by close()", async () => {
    const backupFile = file();
    const staged = switchableStore();
    const dict = await open<number>(staged.store, { backupFile });
    await dict.set("a", 1);
    staged.writeFromElsewhere("b", 2);
    await dict.sync();
    await dict.close();
    const saved = JSON.parse(readFileSync(backupFile, "utf8"));
    expect(saved.entries).toEqual({ a: "1", b: "2" });
    expect(saved.version).toEqual({ type: "number", value: "2" });
    expect(saved.store).toBe("map map://settings");
  });

  it("lets a dict open while the store is down: it serves the copy as stale, then goes live by itself", async () => {
    const backupFile = file();
    const staged = switchableStore();
    const first = await open<number>(staged.store, { backupFile });
    await first.update({ a: 1, b: 2 });
    await first.close();

    staged.setUp(false);
    const dict = await open<number>(staged.store, { backupFile });
    const statuses: StatusEvent[] = [];
    const changes: ChangeEvent<number>[] = [];
    dict.on("status", (event) => statuses.push(event));
    dict.on("change", (event) => changes.push(event));
    expect(dict.status).toBe("stale");
    expect(dict.checkedAt).toBeUndefined();
    expect(await dict.get("a")).toBe(1);
    expect(dict.snapshot().get("b")).toBe(2);
    await expect(dict.set("c", 3)).rejects.toBeInstanceOf(StoreUnavailableError);

    staged.writeFromElsewhere("a", 10);
    staged.setUp(true);
    await waitFor(() => dict.status === "live");
    expect(dict.checkedAt).toBeInstanceOf(Date);
    expect(dict.snapshot().get("a")).toBe(10);
    expect(statuses.at(-1)).toEqual({ status: "live", previous: "stale" });
    expect(changes).toEqual([{ key: "a", oldValue: 1, newValue: 10, origin: "remote" }]);
  });

  it("refuses a truncated file and another dict's file whole, rejecting the open", async () => {
    const backupFile = file();
    const staged = switchableStore();
    const first = await open<number>(staged.store, { backupFile });
    await first.update({ a: 1, b: 2 });
    await first.close();
    const whole = readFileSync(backupFile, "utf8");
    staged.setUp(false);

    writeFileSync(backupFile, whole.slice(0, whole.length - 5));
    const truncated = await open(staged.store, { backupFile }).catch((error: unknown) => error);
    expect(truncated).toBeInstanceOf(DurableDictError);
    expect((truncated as Error).message).toContain("not complete JSON");

    writeFileSync(backupFile, whole);
    const elsewhere = { ...staged.store, scope: "map://other" } as DurableStore<string>;
    const foreign = await open(elsewhere, { backupFile }).catch((error: unknown) => error);
    expect((foreign as Error).message).toContain('not of "map map://other"');
  });

  it("falls back to bootstrap values when there is no backup, and rejects as before when there is neither", async () => {
    const staged = switchableStore();
    staged.setUp(false);
    const dict = await open<boolean>(staged.store, { backupFile: file(), bootstrap: { dark_mode: true } });
    expect(dict.status).toBe("stale");
    expect(await dict.get("dark_mode")).toBe(true);
    await expect(open(staged.store, {})).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe("status", () => {
  it("goes stale when a check fails, with the error, and live again when one succeeds", async () => {
    const staged = switchableStore();
    const dict = await DurableDict.open<number>(staged.store, { retryDelay: 10 });
    const statuses: StatusEvent[] = [];
    dict.on("status", (event) => statuses.push(event));
    expect(dict.status).toBe("live");
    const opened = dict.checkedAt!.getTime();
    staged.setUp(false);
    await dict.get("k");
    expect(dict.status).toBe("stale");
    expect(statuses[0]).toMatchObject({ status: "stale", previous: "live" });
    expect(statuses[0]!.error).toBeInstanceOf(StoreUnavailableError);
    staged.setUp(true);
    await waitFor(async () => {
      await dict.get("k");
      return dict.status === "live";
    });
    expect(dict.checkedAt!.getTime()).toBeGreaterThanOrEqual(opened);
    await dict.close();
    expect(dict.status).toBe("closed");
    expect(statuses.map((event) => event.status)).toEqual(["stale", "live", "closed"]);
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
