import { checkById, runCheck } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { brokenTarget, withOverrides } from "./broken-stores.js";

/** Each check must fail against a store with the bug it is there to catch; a check that cannot fail is a defect. */
describe("the conformance checks catch broken stores", () => {
  it("the model check catches a store that silently drops some writes", async () => {
    let writes = 0;
    const target = brokenTarget((store) =>
      withOverrides(store, {
        persist: async (key, payload) => (++writes % 7 === 0 ? undefined : store.persist(key, payload)),
      }),
    );
    await expect(runCheck(checkById("model.seed-1"), target, expect)).rejects.toThrow();
  });

  it("the autosync check catches a store whose version never moves", async () => {
    const target = brokenTarget((store) =>
      withOverrides(store, { lastUpdated: async () => "frozen", changesSince: undefined, watch: undefined }),
    );
    await expect(runCheck(checkById("shared.autosync-read"), target, expect)).rejects.toThrow();
  });

  it("the setdefault check catches a get-then-set that is not atomic", async () => {
    const target = brokenTarget((store) =>
      withOverrides(store, {
        setdefault: async (key, payload) => {
          const existing = (await store.durables()).get(key);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (existing !== undefined) return { payload: existing, created: false };
          await store.persist(key, payload);
          return { payload, created: true };
        },
      }),
    );
    await expect(runCheck(checkById("atomic.setdefault-agrees"), target, expect)).rejects.toThrow();
  });

  it("the incremental-sync check catches a changesSince that returns everything", async () => {
    const target = brokenTarget((store) =>
      withOverrides(store, {
        changesSince: async () => ({
          version: await store.lastUpdated(),
          changed: await store.durables(),
          deleted: [],
        }),
      }),
    );
    await expect(runCheck(checkById("shared.incremental-sync"), target, expect)).rejects.toThrow();
  });

  it("the reset check catches a changesSince that trusts a version from before the reset", async () => {
    const target = brokenTarget((store) => withOverrides(store, { lastUpdated: async () => 1 }));
    await expect(runCheck(checkById("faults.version-reset"), target, expect)).rejects.toThrow();
  });

  it("the outage check catches a store that never comes back", async () => {
    let down = false;
    const target = brokenTarget((store) =>
      withOverrides(store, {
        lastUpdated: async () => {
          if (down) throw new Error("still down");
          return store.lastUpdated();
        },
      }),
    );
    const setup = target.setup;
    target.setup = async () => {
      const fixture = await setup();
      const neverEnds = {
        begin: async () => {
          down = true;
        },
        end: async () => {},
      };
      return { ...fixture, outage: neverEnds };
    };
    await expect(runCheck(checkById("faults.outage"), target, expect)).rejects.toThrow();
  });
});
