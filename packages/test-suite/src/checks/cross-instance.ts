import type { ChangeEvent } from "@durabledict/core";
import type { Check } from "../check.js";
import { countingStore } from "../counting-store.js";

const group = "instances sharing a store";

/** Two dicts on one store, as two processes would be: what each sees of the other, under each sync policy. */
export const crossInstanceChecks: Check[] = [
  {
    id: "shared.autosync-read",
    group,
    name: "autosync: true sees another instance's write on its next read",
    async run({ open, expect }) {
      const writer = await open();
      const reader = await open();
      expect(await reader.get("k")).toBeUndefined();
      await writer.set("k", "v1");
      expect(await reader.get("k")).toBe("v1");
      await writer.delete("k");
      expect(await reader.has("k")).toBe(false);
    },
  },
  {
    id: "shared.manual-sync",
    group,
    name: "autosync: false serves its copy until sync(), which reports whether anything changed",
    async run({ open, expect }) {
      const writer = await open();
      const reader = await open({ autosync: false });
      await writer.set("k", "v1");
      expect(await reader.get("k")).toBeUndefined();
      expect(await reader.sync()).toBe(true);
      expect(await reader.get("k")).toBe("v1");
      expect(await reader.sync()).toBe(false);
    },
  },
  {
    id: "shared.one-store-object",
    group,
    name: "several dicts over one store object see each other's writes on their next read",
    async run({ newStore, openOn, expect }) {
      const store = await newStore();
      const [a, b, c] = [await openOn(store), await openOn(store), await openOn(store)];
      await a.set("k", "from a");
      expect(await b.get("k")).toBe("from a");
      expect(await c.get("k")).toBe("from a");
      await b.set("k", "from b");
      expect(await a.get("k")).toBe("from b");
      await c.delete("k");
      expect(await a.has("k")).toBe(false);
      expect(await b.has("k")).toBe(false);
    },
  },
  {
    id: "shared.refresh-interval",
    group,
    name: "refreshInterval brings another instance's write in the background",
    async run({ open, waitFor, expect }) {
      const writer = await open();
      const reader = await open({ autosync: false, refreshInterval: 20 });
      await writer.set("k", "v1");
      await waitFor("the background refresh", () => reader.snapshot().get("k") === "v1");
      expect(await reader.get("k")).toBe("v1");
    },
  },
  {
    id: "shared.read-your-writes",
    group,
    name: "read-your-writes: a writer reads its own write at once, without reloading the store",
    async run({ newStore, openOn, expect }) {
      const counting = countingStore(await newStore());
      const dict = await openOn(counting.store);
      const reloads = counting.calls.durables;
      for (let i = 0; i < 5; i++) {
        await dict.set(`k${i}`, i);
        expect(await dict.get(`k${i}`)).toBe(i);
      }
      await dict.delete("k0");
      expect(await dict.has("k0")).toBe(false);
      expect(counting.calls.durables).toBe(reloads);
    },
  },
  {
    id: "shared.change-events",
    group,
    name: "change events name the key, the old and new values and where the change came from",
    async run({ open, expect }) {
      const writer = await open();
      const reader = await open({ autosync: false });
      const seen: ChangeEvent<unknown>[] = [];
      reader.on("change", (event) => seen.push(event));
      await reader.set("k", 1);
      await writer.set("k", 2);
      await reader.sync();
      expect(seen).toEqual([
        { key: "k", oldValue: undefined, newValue: 1, origin: "local" },
        { key: "k", oldValue: 1, newValue: 2, origin: "remote" },
      ]);
    },
  },
  {
    id: "shared.same-keys",
    group,
    name: "two clients writing the same keys at once end with identical state",
    async run({ open, fixture, expect }) {
      const [a, b] = [await open<string>(), await open<string>()];
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        writes.push(a.set(`k${i % 4}`, `a${i}`), b.set(`k${i % 4}`, `b${i}`));
      }
      await Promise.all(writes);
      await a.sync();
      await b.sync();
      const stateA = (await a.entries()).sort();
      expect((await b.entries()).sort()).toEqual(stateA);
      for (const [key, value] of stateA) expect(await fixture.rawGet(key)).toBe(JSON.stringify(value));
    },
  },
  {
    id: "shared.different-keys",
    group,
    name: "no acknowledged write is lost when two clients write different keys at once",
    async run({ open, expect }) {
      const [a, b] = [await open<number>(), await open<number>()];
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 25; i++) writes.push(a.set(`a${i}`, i), b.set(`b${i}`, i));
      await Promise.all(writes);
      for (const dict of [a, b]) {
        expect(await dict.size()).toBe(50);
        expect(await dict.get("a24")).toBe(24);
        expect(await dict.get("b24")).toBe(24);
      }
    },
  },
  {
    id: "shared.incremental-sync",
    group,
    name: "a sync after k remote changes fetches only those changes",
    needs: ["changesSince"],
    async run({ open, newStore, openOn, expect }) {
      const writer = await open<number>();
      await writer.update(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])));
      const counting = countingStore(await newStore());
      const reader = await openOn<number>(counting.store, { autosync: false });
      const reloads = counting.calls.durables;
      await writer.set("k3", 300);
      await writer.delete("k4");
      expect(await reader.sync()).toBe(true);
      expect(counting.calls.durables).toBe(reloads);
      expect(counting.lastChangeCount).toBe(2);
      expect(await reader.get("k3")).toBe(300);
      expect(await reader.has("k4")).toBe(false);
      expect(await reader.size()).toBe(49);
    },
  },
  {
    id: "shared.watch-push",
    group,
    name: "a watching dict learns of another's write without being asked, then reads without a round trip",
    needs: ["watch"],
    async run({ open, newStore, openOn, waitFor, expect }) {
      const writer = await open();
      const counting = countingStore(await newStore());
      const reader = await openOn(counting.store);
      const remote: ChangeEvent<unknown>[] = [];
      reader.on("change", (event) => remote.push(event));
      await writer.set("k", "pushed");
      await waitFor("the watch notification", () => remote.some((event) => event.newValue === "pushed"));
      expect(reader.snapshot().get("k")).toBe("pushed");
      // Any read of the store counts: a check may ask the version, or at once what changed since the held one.
      const reads = () =>
        ["lastUpdated", "lastUpdatedSync", "changesSince", "durables"].reduce(
          (sum, method) => sum + (counting.calls[method] ?? 0),
          0,
        );
      await waitFor("the watch to settle", async () => {
        const before = reads();
        await reader.get("k");
        return reads() === before;
      });
      const settled = reads();
      for (let i = 0; i < 20; i++) expect(await reader.get("k")).toBe("pushed");
      expect(reads()).toBe(settled);
    },
  },
];
