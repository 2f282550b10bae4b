import type { Check } from "../check.js";

const group = "atomic pop and setdefault";
const contenders = 4;

/** Get-or-create and take-once semantics under concurrent callers on separate clients. */
export const atomicityChecks: Check[] = [
  {
    id: "atomic.pop-once",
    group,
    name: "concurrent pops from several clients: exactly one gets the value",
    needs: ["atomicPop"],
    async run({ open, fixture, expect }) {
      const dicts = await Promise.all(Array.from({ length: contenders }, () => open<string>()));
      for (let round = 0; round < 5; round++) {
        await dicts[0]!.set("token", `t${round}`);
        await Promise.all(dicts.map((dict) => dict.sync()));
        const results = await Promise.all(dicts.map((dict) => dict.pop("token", null)));
        expect(results.filter((result) => result !== null)).toEqual([`t${round}`]);
        expect(await fixture.rawGet("token")).toBeUndefined();
      }
    },
  },
  {
    id: "atomic.setdefault-agrees",
    group,
    name: "concurrent setdefault from several clients agrees on one value",
    needs: ["atomicSetdefault"],
    async run({ open, fixture, expect }) {
      const dicts = await Promise.all(Array.from({ length: contenders }, () => open<string>()));
      for (let round = 0; round < 5; round++) {
        const key = `lock${round}`;
        const results = await Promise.all(dicts.map((dict, i) => dict.setdefault(key, `owner${i}`)));
        expect(new Set(results).size).toBe(1);
        expect(await fixture.rawGet(key)).toBe(JSON.stringify(results[0]));
        for (const dict of dicts) expect(await dict.get(key)).toBe(results[0]);
      }
    },
  },
  {
    id: "atomic.setdefault-keeps-version",
    group,
    name: "setdefault on an existing key leaves the store's version alone",
    needs: ["atomicSetdefault"],
    async run({ open, newStore, expect }) {
      const dict = await open();
      await dict.set("theme", "dark");
      const store = await newStore();
      const before = await store.lastUpdated();
      expect(await dict.setdefault("theme", "light")).toBe("dark");
      expect(await store.lastUpdated()).toEqual(before);
    },
  },
  {
    id: "atomic.pop-missing-keeps-version",
    group,
    name: "pop on a missing key leaves the store's version alone",
    needs: ["atomicPop"],
    async run({ open, newStore, expect }) {
      const dict = await open();
      await dict.set("other", 1);
      const store = await newStore();
      const before = await store.lastUpdated();
      expect(await dict.pop("missing", "none")).toBe("none");
      expect(await store.lastUpdated()).toEqual(before);
    },
  },
];
