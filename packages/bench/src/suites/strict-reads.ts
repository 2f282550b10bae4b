import type { BenchContext } from "../context.js";
import { type Flag, fill, keysOf } from "../data.js";
import { compareRates, roundTrips } from "../measure.js";
import { rateRow } from "../result.js";

const keyCount = 100;

/**
 * `get` with `autosync: true` and no watch — every read asks the store for its version first — against
 * the raw driver's cheapest round trip.
 */
export async function strictReads(ctx: BenchContext): Promise<void> {
  for (const factory of ctx.kits) {
    await ctx.attempt(`strict reads: ${factory.adapter}`, async () => {
      const kit = await factory.create(ctx.servers, ctx.namespace("strict-reads"));
      try {
        const raw = kit.rawRead;
        if (!raw) return;
        const writer = await kit.openDict<Flag>({ autosync: false });
        await fill(writer, keyCount);
        await writer.close();
        const dict = await kit.openDict<Flag>({ autosync: true, watch: false });
        const keys = keysOf(keyCount);
        let i = 0;
        const subject = `${factory.adapter} await get (autosync on, no watch)`;
        ctx.log(`strict reads: ${subject} vs ${raw.name}`);
        const rates = await compareRates(
          [
            { name: raw.name, batch: roundTrips(() => raw.run()) },
            {
              name: subject,
              batch: roundTrips(() => {
                i = (i + 1) % keyCount;
                return dict.get(keys[i]!);
              }),
            },
          ],
          ctx.scale.remote,
        );
        await dict.close();
        ctx.record(
          rateRow({
            section: "strict reads",
            subject,
            value: rates.get(subject)!,
            unit: "ops/s",
            baseline: { subject: raw.name, value: rates.get(raw.name)! },
            target: factory.targets.strictRead,
            note: "one at a time: each read waits for its version check",
          }),
        );
      } finally {
        await kit.drop();
        await kit.close();
      }
    });
  }
}
