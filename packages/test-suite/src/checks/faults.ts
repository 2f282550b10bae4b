import { type DurableDictError, StoreUnavailableError } from "@durabledict/core";
import type { Check } from "../check.js";

const group = "faults";

/** A store that loses its version counter, and a store that goes away and comes back. */
export const faultChecks: Check[] = [
  {
    id: "faults.version-reset",
    group,
    name: "a reset or lost version counter forces a re-sync instead of leaving a reader stale",
    async run({ open, fixture, expect }) {
      const writer = await open();
      const reader = await open({ autosync: false });
      for (let i = 1; i <= 3; i++) await writer.set("k", `v${i}`);
      await reader.sync();
      expect(await reader.get("k")).toBe("v3");
      await fixture.resetVersion();
      await writer.set("k", "after-reset");
      await writer.set("other", 1);
      expect(await reader.sync()).toBe(true);
      expect(await reader.get("k")).toBe("after-reset");
      expect(await reader.get("other")).toBe(1);
      const autosyncReader = await open();
      await fixture.resetVersion();
      await writer.set("k", "after-second-reset");
      expect(await autosyncReader.get("k")).toBe("after-second-reset");
    },
  },
  {
    id: "faults.version-lost",
    group,
    name: "a reader whose counter vanished without any write still serves every key",
    async run({ open, fixture, expect }) {
      const writer = await open();
      await writer.update({ a: 1, b: 2 });
      await fixture.resetVersion();
      const reader = await open();
      expect((await reader.entries()).sort()).toEqual([
        ["a", 1],
        ["b", 2],
      ]);
      await writer.set("c", 3);
      expect(await reader.get("c")).toBe(3);
    },
  },
  {
    id: "faults.outage",
    group,
    name: "while the store is down reads serve the last copy and emit error, writes reject; then it recovers",
    async run({ open, fixture, waitFor, expect }) {
      const dict = await open({ syncTimeout: 500, retryDelay: 20 });
      await dict.set("k", "before");
      await dict.set("kept", "acknowledged");
      const errors: DurableDictError[] = [];
      dict.on("error", (error) => errors.push(error));

      await fixture.outage.begin();
      try {
        expect(await dict.get("k")).toBe("before");
        await waitFor("an error event", async () => {
          await dict.get("k");
          return errors.length > 0;
        });
        const failed = await dict.set("k", "during").catch((caught: unknown) => caught);
        expect(failed).toBeInstanceOf(StoreUnavailableError);
        expect((failed as StoreUnavailableError).cause).toBeDefined();
        expect((failed as StoreUnavailableError).key).toBe("k");
        expect(await dict.get("k")).toBe("before");
        expect(dict.snapshot().get("kept")).toBe("acknowledged");
      } finally {
        await fixture.outage.end();
      }

      const other = await open();
      await other.set("k", "after");
      await waitFor("the dict to recover and see a write made after the outage", async () => {
        return (await dict.get("k")) === "after";
      });
      await waitFor("writes to succeed again", () =>
        dict.set("j", "recovered").then(
          () => true,
          () => false,
        ),
      );
      expect(await other.get("j")).toBe("recovered");
      expect(await other.get("kept")).toBe("acknowledged");
    },
  },
];
