import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChangeEvent, DurableDict, type WatchHandlers } from "@durabledict/core";
import { countingStore, runConformance } from "@durabledict/test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { WatchedJsonFileStore } from "../src/watched-json-file-store.js";
import { jsonFileTarget } from "./json-file-target.js";

runConformance(
  { describe, it, expect },
  {
    ...jsonFileTarget((file) => new WatchedJsonFileStore(file)),
    name: "json-file",
    skip: {
      "faults.outage": "the channel cannot tell that the file's folder went away, so the watch vouches on",
    },
  },
);

/** A store on `file` whose scope names another file: its dicts learn of this process's writes from the channel alone. */
class ElsewhereScopedStore extends WatchedJsonFileStore {
  override readonly scope = "somewhere else";
}

describe("what core gives a watching store that is only its store's I/O", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(store: WatchedJsonFileStore): Promise<DurableDict<number>> {
    const dict = await DurableDict.open<number>(store, { ownsStore: true });
    cleanups.push(() => dict.close());
    return dict;
  }

  function scratchFile(): string {
    const folder = mkdtempSync(join(tmpdir(), "watched-json-file-"));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    return join(folder, "dict.json");
  }

  it("the echo of a dict's own writes costs nothing: no version check, no reload, no remote change", async () => {
    const store = new WatchedJsonFileStore(scratchFile());
    let echoes = 0;
    const watch = store.watch.bind(store);
    store.watch = (handlers: WatchHandlers) =>
      watch({
        ...handlers,
        onChange: (version) => {
          echoes++;
          handlers.onChange(version);
        },
      });
    const counting = countingStore(store);
    const dict = await DurableDict.open<number>(counting.store, { ownsStore: true });
    cleanups.push(() => dict.close());
    const remote: ChangeEvent<number>[] = [];
    dict.on("change", (event) => event.origin === "remote" && remote.push(event));
    const opened = { ...counting.calls };

    for (let i = 0; i < 10; i++) await dict.set(`k${i % 3}`, i);
    await dict.delete("k0");
    await until(() => echoes === 11);
    for (let i = 1; i < 3; i++) expect(await dict.get(`k${i}`)).toBe(6 + i);

    expect(counting.calls.lastUpdated).toBe(opened.lastUpdated);
    expect(counting.calls.durables).toBe(opened.durables);
    expect(remote).toEqual([]);
  });

  it("dicts of this process over one file read each other's writes at once, before the message arrives", async () => {
    const file = scratchFile();
    const [a, b] = [await open(new WatchedJsonFileStore(file)), await open(new WatchedJsonFileStore(file))];
    const elsewhere = await open(new ElsewhereScopedStore(file));
    for (let i = 0; i < 5; i++) {
      await a.set("k", i);
      expect(await b.get("k")).toBe(i);
      await b.set("k", i * 10);
      expect(await a.get("k")).toBe(i * 10);
    }
    // A store with another scope hears of the write only from the channel, a turn of the event loop later.
    await a.set("k", 99);
    expect(await elsewhere.get("k")).not.toBe(99);
    await until(() => elsewhere.snapshot().get("k") === 99);
  });
});

/** Waits for `condition`, checking after each turn of the event loop, for at most two seconds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setImmediate(resolve));
  }
}
