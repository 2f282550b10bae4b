import type { BenchContext } from "../context.js";
import { type Flag, fill, flagOf, keyOf } from "../data.js";
import type { KitFactory } from "../kits/kit.js";
import { compareRates, roundTrips, type Subject } from "../measure.js";
import { rateRow } from "../result.js";

const target = 0.8;
const scalingTarget = 0.8;

/**
 * `set` of an existing key (the dict as `open<Name>Dict` opens it by default) against the raw driver's
 * single write, at each dict size; then the rate at the largest size against the smallest.
 */
export async function writes(ctx: BenchContext): Promise<void> {
  for (const factory of ctx.kits) {
    await ctx.attempt(`writes: ${factory.adapter}`, async () => {
      const sizes = sizesFor(factory, ctx.scale.writeSizes);
      const rates = new Map<number, number>();
      for (const n of sizes) rates.set(n, await writesAt(ctx, factory, n));
      const smallest = sizes[0]!;
      const largest = sizes[sizes.length - 1]!;
      if (largest === smallest) return;
      ctx.record(
        rateRow({
          section: "writes",
          subject: `${factory.adapter} set rate as the dict grows (${largest.toLocaleString("en")} keys)`,
          value: rates.get(largest)!,
          unit: "ops/s",
          baseline: { subject: `set at ${smallest.toLocaleString("en")} keys`, value: rates.get(smallest)! },
          target: scalingTarget,
          note: "the write rate must not fall as the dict grows",
        }),
      );
    });
  }
}

/** The sizes measured for `factory`: the scale's, capped where the store is slow. */
export function sizesFor(factory: KitFactory, sizes: readonly number[]): number[] {
  const cap = factory.sizeCap?.keys ?? Number.POSITIVE_INFINITY;
  const capped = [...new Set(sizes.map((n) => Math.min(n, cap)))];
  return capped.sort((a, b) => a - b);
}

async function writesAt(ctx: BenchContext, factory: KitFactory, n: number): Promise<number> {
  const kit = await factory.create(ctx.servers, ctx.namespace(`writes-${n}`));
  try {
    const dict = await kit.openDict<Flag>();
    const fillStart = performance.now();
    await fill(dict, n);
    ctx.log(`writes: ${factory.adapter} filled ${n} keys in ${Math.round(performance.now() - fillStart)} ms`);
    let rev = 0;
    const setName = `${factory.adapter} set at ${n.toLocaleString("en")} keys`;
    const subjects: Subject[] = [
      {
        name: setName,
        batch: roundTrips(() => {
          rev++;
          const i = (rev * 7919) % n;
          return dict.set(keyOf(i), flagOf(i, rev)).then(() => 1);
        }),
      },
    ];
    const raw = kit.rawWrite;
    if (raw) {
      subjects.unshift({
        name: raw.name,
        batch: roundTrips(() => {
          rev++;
          const i = (rev * 7919) % n;
          return raw.run(keyOf(i), JSON.stringify(flagOf(i, rev))).then(() => 1);
        }),
      });
    }
    const atomic = kit.rawAtomicWrite;
    if (atomic) {
      subjects.push({
        name: atomic.name,
        batch: roundTrips(() => {
          rev++;
          const i = (rev * 7919) % n;
          return atomic.run(keyOf(i), JSON.stringify(flagOf(i, rev))).then(() => 1);
        }),
      });
    }
    const quiet = await kit.openDict<Flag>({ autosync: false });
    const quietName = `${factory.adapter} set at ${n.toLocaleString("en")} keys (autosync off)`;
    subjects.push({
      name: quietName,
      batch: roundTrips(() => {
        rev++;
        const i = (rev * 7919) % n;
        return quiet.set(keyOf(i), flagOf(i, rev)).then(() => 1);
      }),
    });
    const rates = await compareRates(subjects, ctx.scale.remote);
    await Promise.all([dict.close(), quiet.close()]);
    const value = rates.get(setName)!;
    const cap = factory.sizeCap && n >= factory.sizeCap.keys ? factory.sizeCap.why : undefined;
    ctx.record(
      rateRow({
        section: "writes",
        subject: setName,
        value,
        unit: "ops/s",
        baseline: raw ? { subject: raw.name, value: rates.get(raw.name)! } : undefined,
        target: raw ? target : undefined,
        note: cap ?? (raw ? undefined : "no driver below it: the cost of core's own write path"),
      }),
    );
    ctx.record(
      rateRow({
        section: "writes",
        subject: quietName,
        value: rates.get(quietName)!,
        unit: "ops/s",
        baseline: raw ? { subject: raw.name, value: rates.get(raw.name)! } : undefined,
        note: "for comparison: no watch and no version checks in this dict",
      }),
    );
    if (atomic) {
      ctx.record(
        rateRow({
          section: "writes",
          subject: `${atomic.name} at ${n.toLocaleString("en")} keys`,
          value: rates.get(atomic.name)!,
          unit: "ops/s",
          baseline: raw ? { subject: raw.name, value: rates.get(raw.name)! } : undefined,
          note: "for comparison: the least an atomic write with a version bump costs on this driver",
        }),
      );
    }
    return value;
  } finally {
    await kit.drop();
    await kit.close();
  }
}
