import type { DurableDict } from "@durabledict/core";
import type { Check, CheckContext } from "../check.js";
import { seededRandom } from "../random.js";

const group = "model check";
const keys = ["k0", "k1", "k2", "k3", "k4", "k5"];
const steps = 120;

/** Random operation sequences on two dicts sharing a store, compared after every step with a plain `Map`. */
export const modelChecks: Check[] = [1, 2, 3].map((seed) => ({
  id: `model.seed-${seed}`,
  group,
  name: `random operations from two dicts match a Map model (seed ${seed})`,
  run: (context: CheckContext) => runModel(context, seed),
}));

async function runModel({ open, fixture, expect }: CheckContext, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const dicts = [await open<number>(), await open<number>()];
  const model = new Map<string, number>();
  const trail: string[] = [];

  for (let step = 0; step < steps; step++) {
    const dict: DurableDict<number> = pick(dicts);
    const key = pick(keys);
    const value = Math.floor(random() * 1000);
    const operation = pick(["set", "set", "delete", "pop", "setdefault", "update", "get"] as const);
    trail.push(`${operation} ${key} ${value} via dict ${dicts.indexOf(dict)}`);
    const where = `seed ${seed}, step ${step}: ${trail.slice(-3).join("; ")}`;
    switch (operation) {
      case "set":
        await dict.set(key, value);
        model.set(key, value);
        break;
      case "delete":
        expect(await dict.delete(key), where).toBe(model.delete(key));
        break;
      case "pop":
        expect(await dict.pop(key, -1), where).toBe(model.get(key) ?? -1);
        model.delete(key);
        break;
      case "setdefault":
        if (!model.has(key)) model.set(key, value);
        expect(await dict.setdefault(key, value), where).toBe(model.get(key));
        break;
      case "update": {
        const batch = { [key]: value, [pick(keys)]: value + 1 };
        await dict.update(batch);
        for (const [k, v] of Object.entries(batch)) model.set(k, v);
        break;
      }
      case "get":
        break;
    }
    for (const reader of dicts) {
      expect(await reader.get(key), where).toBe(model.get(key));
    }
  }
  const expected = [...model].sort();
  for (const dict of dicts) expect((await dict.entries()).sort()).toEqual(expected);
  for (const key of keys) {
    const raw = await fixture.rawGet(key);
    expect(raw === undefined ? undefined : JSON.parse(raw)).toBe(model.get(key));
  }
}
