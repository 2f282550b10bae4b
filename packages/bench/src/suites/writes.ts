import type { BenchContext } from "../context.js";
import { type Flag, fill, flagOf, keyOf } from "../data.js";
import type { AdapterKit, KitFactory } from "../kits/kit.js";
import { compareRates, roundTrips, type Subject } from "../measure.js";
import { type ResultRow, rateRow } from "../result.js";

const scalingTarget = 0.8;

/**
 * `set` of an existing key (the dict as `open<Name>Dict` opens it by default) against the raw driver's
 * single write and against the floor of an atomic write with a version, at each dict size; then the rate
 * at the largest size against the smallest. Every subject of one size is measured interleaved.
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
  let quietKit: AdapterKit | undefined;
  try {
    // The autosync-off dict writes a namespace of its own: its writes into the watching dict's would make that
    // dict sync in the background, and the syncs would be charged to its `set`.
    quietKit = await factory.create(ctx.servers, ctx.namespace(`writes-${n}-autosync-off`));
    const dict = await kit.openDict<Flag>();
    const fillStart = performance.now();
    await fill(dict, n);
    ctx.log(`writes: ${factory.adapter} filled ${n} keys in ${Math.round(performance.now() - fillStart)} ms`);
    const quiet = await quietKit.openDict<Flag>({ autosync: false });
    await fill(quiet, n);
    let rev = 0;
    // Each write hits an existing key with a new revision, striding over the whole dict.
    const writer = (write: (key: string, flag: Flag) => Promise<unknown>) =>
      roundTrips(() => {
        rev++;
        const i = (rev * 7919) % n;
        return write(keyOf(i), flagOf(i, rev)).then(() => 1);
      });
    const size = `${n.toLocaleString("en")} keys`;
    const { rawWrite: raw, floorWrite: floor, notifyingFloorWrite: notifying } = kit;
    const setName = `${factory.adapter} set at ${size}`;
    const offName = `${setName} (autosync off)`;
    const floorName = floor && `${floor.name} at ${size}`;
    const notifyingName = notifying && `${notifying.name} at ${size}`;
    const subjects: Subject[] = [
      { name: setName, batch: writer((key, flag) => dict.set(key, flag)) },
      { name: offName, batch: writer((key, flag) => quiet.set(key, flag)) },
    ];
    if (raw)
      subjects.push({ name: raw.name, batch: writer((key, flag) => raw.run(key, JSON.stringify(flag))) });
    if (floor && floorName) {
      subjects.push({ name: floorName, batch: writer((key, flag) => floor.run(key, JSON.stringify(flag))) });
    }
    if (notifying && notifyingName) {
      const batch = writer((key, flag) => notifying.run(key, JSON.stringify(flag)));
      subjects.push({ name: notifyingName, batch });
    }
    const rates = await compareRates(subjects, ctx.scale.remote);
    await Promise.all([dict.close(), quiet.close()]);
    const rate = (name: string) => ({ subject: name, value: rates.get(name)! });
    const rawBaseline = raw && rate(raw.name);
    const cap = factory.sizeCap && n >= factory.sizeCap.keys ? factory.sizeCap.why : undefined;
    // A row names what was measured and, when it differs, the label it is shown under.
    const row = (
      measured: string,
      baseline: ResultRow["baseline"],
      target?: number,
      note?: string,
      as = measured,
    ) =>
      ctx.record(
        rateRow({
          section: "writes",
          subject: as,
          value: rates.get(measured)!,
          unit: "ops/s",
          baseline,
          target,
          note,
        }),
      );
    const setNote = cap ?? (raw ? undefined : "no driver below it: the cost of core's own write path");
    row(setName, rawBaseline, raw ? factory.targets.write : undefined, setNote);
    if (floorName) {
      const floorNote = "the floor: the least an atomic write with a version costs on this driver";
      row(setName, rate(floorName), factory.targets.floor, floorNote, `${setName}, against the floor`);
      row(floorName, rawBaseline, undefined, "the floor itself, against the single write");
    }
    if (notifyingName) {
      const note = "for comparison: the floor plus the notification that reaches the watching dicts";
      row(setName, rate(notifyingName), undefined, note, `${setName}, against the floor with a notification`);
      row(notifyingName, rawBaseline, undefined, "the floor with a notification, against the single write");
    }
    const offNote = "for comparison: no watch, no version checks, in a namespace no other subject writes";
    row(offName, rawBaseline, undefined, offNote);
    return rates.get(setName)!;
  } finally {
    for (const each of quietKit ? [kit, quietKit] : [kit]) {
      await each.drop();
      await each.close();
    }
  }
}
