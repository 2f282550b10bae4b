import { DecodingError, jsonEncoding, KeyError, richEncoding } from "@durabledict/core";
import type { Check } from "../check.js";

const group = "dict behaviour";

/** What a single dict must do, key by key, like a `Map` that lives in the store. */
export const dictBehaviourChecks: Check[] = [
  {
    id: "dict.get",
    group,
    name: "get returns what set stored, undefined or the fallback when missing",
    async run({ open, expect }) {
      const dict = await open();
      await dict.set("flag", { on: true, percent: 10 });
      expect(await dict.get("flag")).toEqual({ on: true, percent: 10 });
      expect(await dict.get("missing")).toBeUndefined();
      expect(await dict.get("missing", "fallback")).toBe("fallback");
      await dict.set("flag", false);
      expect(await dict.get("flag", true)).toBe(false);
    },
  },
  {
    id: "dict.views",
    group,
    name: "has, keys, values, entries, size, iteration and snapshot agree",
    async run({ open, expect }) {
      const dict = await open<number>();
      await dict.set("a", 1);
      await dict.set("b", 2);
      expect(await dict.has("a")).toBe(true);
      expect(await dict.has("c")).toBe(false);
      expect((await dict.keys()).sort()).toEqual(["a", "b"]);
      expect((await dict.values()).sort()).toEqual([1, 2]);
      expect((await dict.entries()).sort()).toEqual([
        ["a", 1],
        ["b", 2],
      ]);
      expect(await dict.size()).toBe(2);
      const iterated: [string, number][] = [];
      for await (const entry of dict) iterated.push(entry);
      expect(iterated.sort()).toEqual([
        ["a", 1],
        ["b", 2],
      ]);
      const snapshot = dict.snapshot();
      expect(snapshot.get("a")).toBe(1);
      expect(snapshot.size).toBe(2);
      expect(new Map(snapshot)).toEqual(
        new Map([
          ["a", 1],
          ["b", 2],
        ]),
      );
    },
  },
  {
    id: "dict.delete",
    group,
    name: "delete resolves to whether the key existed",
    async run({ open, fixture, expect }) {
      const dict = await open();
      await dict.set("k", "v");
      expect(await dict.delete("k")).toBe(true);
      expect(await dict.delete("k")).toBe(false);
      expect(await dict.has("k")).toBe(false);
      expect(await fixture.rawGet("k")).toBeUndefined();
    },
  },
  {
    id: "dict.pop",
    group,
    name: "pop returns and removes the value; a missing key without fallback throws KeyError",
    async run({ open, target, fixture, expect }) {
      const dict = await open();
      await dict.set("k", [1, 2]);
      expect(await dict.pop("k")).toEqual([1, 2]);
      expect(await dict.has("k")).toBe(false);
      expect(await fixture.rawGet("k")).toBeUndefined();
      const error = await dict.pop("k").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KeyError);
      expect((error as KeyError).key).toBe("k");
      expect((error as KeyError).message).toContain(`[durabledict:${target.name}]`);
    },
  },
  {
    id: "dict.pop-falsy-fallback",
    group,
    name: "pop returns a falsy fallback as given",
    async run({ open, expect }) {
      const dict = await open();
      expect(await dict.pop("missing", 0)).toBe(0);
      expect(await dict.pop("missing", "")).toBe("");
      expect(await dict.pop("missing", null)).toBeNull();
      expect(await dict.pop("missing", false)).toBe(false);
      expect(await dict.pop("missing", undefined)).toBeUndefined();
    },
  },
  {
    id: "dict.setdefault",
    group,
    name: "setdefault keeps an existing value and creates a missing one",
    async run({ open, fixture, expect }) {
      const dict = await open();
      expect(await dict.setdefault("theme", "dark")).toBe("dark");
      expect(await dict.setdefault("theme", "light")).toBe("dark");
      expect(await dict.get("theme")).toBe("dark");
      expect(await fixture.rawGet("theme")).toBe(jsonEncoding.encode("dark"));
    },
  },
  {
    id: "dict.update-clear",
    group,
    name: "update writes many entries and clear deletes every one",
    async run({ open, fixture, expect }) {
      const dict = await open();
      await dict.update({ a: 1, b: 2 });
      await dict.update([["c", 3]]);
      expect(await dict.size()).toBe(3);
      expect(await fixture.rawGet("b")).toBe("2");
      await dict.clear();
      expect(await dict.size()).toBe(0);
      expect(await fixture.rawGet("a")).toBeUndefined();
    },
  },
  {
    id: "dict.payload-format",
    group,
    name: "values are stored as the encoding's payload, readable by another JSON reader",
    async run({ open, fixture, expect }) {
      const dict = await open();
      const value = { on: true, percent: 10, tags: ["a", "é", "😀"], nested: { n: null } };
      await dict.set("new_checkout", value);
      expect(await fixture.rawGet("new_checkout")).toBe(JSON.stringify(value));
    },
  },
  {
    id: "dict.immutable-values",
    group,
    name: "a value handed out cannot be mutated into divergence",
    async run({ open, expect }) {
      const dict = await open<{ list: number[] }>();
      await dict.set("o", { list: [1] });
      const value = (await dict.get("o"))!;
      expect(() => value.list.push(2)).toThrow(TypeError);
      expect(() => {
        (value as { list: number[] }).list = [];
      }).toThrow(TypeError);
      expect(await dict.get("o")).toEqual({ list: [1] });
      expect(dict.snapshot().get("o")).toEqual({ list: [1] });
    },
  },
  {
    id: "dict.rich-encoding",
    group,
    name: "the rich encoding round-trips Date, Map, Set, BigInt and typed arrays, handing out copies",
    async run({ open, expect }) {
      const dict = await open({ encoding: richEncoding });
      const value = {
        at: new Date("2026-01-02T03:04:05Z"),
        map: new Map([["a", 1]]),
        set: new Set([1, 2]),
        big: 2n ** 70n,
        bytes: new Uint8Array([1, 2, 3]),
      };
      await dict.set("rich", value);
      const other = await open({ encoding: richEncoding });
      const read = (await other.get("rich")) as typeof value;
      expect(read).toEqual(value);
      read.map.set("b", 2);
      expect(((await other.get("rich")) as typeof value).map.has("b")).toBe(false);
    },
  },
  {
    id: "dict.survives-close",
    group,
    name: "entries survive the dict: a new dict on the same store reads them",
    async run({ open, expect }) {
      const first = await open();
      await first.set("kept", 42);
      await first.close();
      const second = await open();
      expect(await second.get("kept")).toBe(42);
    },
  },
  {
    id: "dict.fallback-encoding",
    group,
    name: "fallbackEncoding reads what an older encoding wrote",
    async run({ open, expect }) {
      const old = await open({ encoding: richEncoding });
      await old.set("when", new Date(0));
      const migrated = await open({ encoding: jsonEncoding, fallbackEncoding: richEncoding });
      expect(await migrated.get("when")).toEqual(new Date(0));
      const unmigrated = await open({ encoding: jsonEncoding });
      await expect(unmigrated.get("when")).rejects.toBeInstanceOf(DecodingError);
    },
  },
];
