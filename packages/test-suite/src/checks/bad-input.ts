import { DecodingError, type DurableDictError, EncodingError, InvalidKeyError } from "@durabledict/core";
import type { Check, CheckContext } from "../check.js";

const group = "bad input";

/** Asserts that `attempt` rejects with `errorClass` naming `key` and the adapter, and that nothing was written. */
async function refusedWithoutWrite(
  { newStore, target, expect }: CheckContext,
  key: string,
  errorClass: typeof InvalidKeyError | typeof EncodingError,
  attempt: () => Promise<unknown>,
): Promise<void> {
  const store = await newStore();
  const before = await store.lastUpdated();
  const error = (await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  )) as DurableDictError | undefined;
  expect(error, `key ${JSON.stringify(key)} was accepted`).toBeInstanceOf(errorClass);
  expect(error!.key).toBe(key);
  expect(error!.message).toContain(`[durabledict:`);
  expect(error!.message).toContain(JSON.stringify(key.length > 80 ? key.slice(0, 77) : key).slice(0, -1));
  expect([target.name, "core"]).toContain(error!.adapter);
  expect(await store.lastUpdated()).toEqual(before);
  expect((await store.durables()).size).toBe(0);
}

/** Keys the store cannot hold, values the encoding cannot hold, and payloads that do not decode. */
export const badInputChecks: Check[] = [
  {
    id: "input.non-string-key",
    group,
    name: "a key that is not a string is refused with InvalidKeyError",
    async run({ open, expect }) {
      const dict = await open();
      await expect(dict.set(42 as unknown as string, "v")).rejects.toBeInstanceOf(InvalidKeyError);
      expect(await dict.size()).toBe(0);
    },
  },
  {
    id: "input.invalid-keys",
    group,
    name: "keys the store cannot hold are refused with InvalidKeyError naming key and adapter, nothing written",
    async run(context) {
      const dict = await context.open();
      for (const key of context.target.invalidKeys ?? []) {
        await refusedWithoutWrite(context, key, InvalidKeyError, () => dict.set(key, "v"));
        await refusedWithoutWrite(context, key, InvalidKeyError, () => dict.setdefault(key, "v"));
        await refusedWithoutWrite(context, key, InvalidKeyError, () => dict.update({ fine: 1, [key]: "v" }));
      }
      context.expect(await dict.size()).toBe(0);
    },
  },
  {
    id: "input.unencodable-values",
    group,
    name: "values JSON cannot hold are refused with EncodingError before anything is written",
    async run(context) {
      const dict = await context.open();
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const unencodable: unknown[] = [
        () => 1,
        Symbol("s"),
        cycle,
        undefined,
        1n,
        Number.NaN,
        { deep: [() => 1] },
      ];
      for (const [i, value] of unencodable.entries()) {
        await refusedWithoutWrite(context, `v${i}`, EncodingError, () => dict.set(`v${i}`, value));
      }
      await refusedWithoutWrite(context, "v0", EncodingError, () => dict.update({ fine: 1, v0: () => 1 }));
      context.expect(await dict.size()).toBe(0);
    },
  },
  {
    id: "input.corrupt-payload",
    group,
    name: "a corrupted payload fails only its own key, with DecodingError and an error event",
    async run({ open, newStore, expect }) {
      const dict = await open({ autosync: false });
      await dict.set("good", "fine");
      const errors: DurableDictError[] = [];
      dict.on("error", (error) => errors.push(error));
      await (await newStore()).persist("bad", "{not json");
      await dict.sync();
      const error = await dict.get("bad").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DecodingError);
      expect((error as DecodingError).key).toBe("bad");
      expect((error as DecodingError).message).toContain('"bad"');
      expect(await dict.get("good")).toBe("fine");
      expect(await dict.has("bad")).toBe(true);
      expect(errors.map((e) => e.key)).toEqual(["bad"]);
      await dict.set("bad", "repaired");
      expect(await dict.get("bad")).toBe("repaired");
    },
  },
  {
    id: "input.corrupt-payload-listing",
    group,
    name: "entries, values, iteration and the snapshot pass over an undecodable key and show every other",
    async run({ open, newStore, expect }) {
      const dict = await open<string>({ autosync: false });
      await dict.update({ a: "one", c: "three" });
      await (await newStore()).persist("b", "{not json");
      await dict.sync();
      expect((await dict.entries()).sort()).toEqual([
        ["a", "one"],
        ["c", "three"],
      ]);
      expect((await dict.values()).sort()).toEqual(["one", "three"]);
      const iterated: string[] = [];
      for await (const [key] of dict) iterated.push(key);
      expect(iterated.sort()).toEqual(["a", "c"]);
      expect([...dict.snapshot().keys()].sort()).toEqual(["a", "b", "c"]);
      expect(new Map(dict.snapshot())).toEqual(
        new Map([
          ["a", "one"],
          ["c", "three"],
        ]),
      );
      expect(await dict.size()).toBe(3);
    },
  },
  {
    id: "input.corrupt-payload-pop",
    group,
    name: "pop of an undecodable key hands the removed payload over inside its DecodingError",
    needs: ["atomicPop"],
    async run({ open, newStore, fixture, expect }) {
      const dict = await open({ autosync: false });
      await (await newStore()).persist("bad", "{not json");
      await dict.sync();
      const error = await dict.pop("bad").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DecodingError);
      expect((error as DecodingError).key).toBe("bad");
      expect((error as DecodingError).payload).toBe("{not json");
      expect(await fixture.rawGet("bad")).toBeUndefined();
      expect(await dict.has("bad")).toBe(false);
    },
  },
];
