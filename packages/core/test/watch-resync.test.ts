import { describe, expect, it } from "vitest";
import { DurableDict, type DurableDictError, type WatchHandlers } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

/** The map store with a watch the test drives, and reads that fail while `refusing` is set. */
function watchedMapStore() {
  const map = mapStore("watched");
  const control = { refusing: false, handlers: undefined as WatchHandlers | undefined };
  const store = {
    ...map.store,
    async lastUpdated() {
      if (control.refusing) throw new Error("connection refused");
      return map.store.lastUpdated();
    },
    async watch(handlers: WatchHandlers) {
      control.handlers = handlers;
      handlers.onStatus(true);
      return async () => {
        control.handlers = undefined;
      };
    },
  };
  return { ...map, store, control };
}

describe("a watching dict whose sync fails", () => {
  it("tries again after the backoff and catches up without being read", async () => {
    const { store, control, writeFromElsewhere } = watchedMapStore();
    const dict = await DurableDict.open<number>(store, { retryDelay: 20 });
    const errors: DurableDictError[] = [];
    dict.on("error", (error) => errors.push(error));
    const caughtUp = new Promise<number | undefined>((resolve) =>
      dict.on("change", (event) => resolve(event.newValue)),
    );
    control.refusing = true;
    writeFromElsewhere("flag", 1);
    control.handlers!.onChange();
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    expect(dict.status).toBe("stale");
    control.refusing = false;
    // Nothing reads the dict: only its own retry can bring the change in.
    expect(await caughtUp).toBe(1);
    expect(dict.snapshot().get("flag")).toBe(1);
    await expect.poll(() => dict.status).toBe("live");
    await dict.close();
  });

  it("stops trying once closed", async () => {
    const { store, control, writeFromElsewhere } = watchedMapStore();
    const dict = await DurableDict.open<number>(store, { retryDelay: 20 });
    let attempts = 0;
    const lastUpdated = store.lastUpdated;
    store.lastUpdated = () => {
      attempts++;
      return lastUpdated();
    };
    control.refusing = true;
    writeFromElsewhere("flag", 1);
    control.handlers!.onChange();
    await expect.poll(() => attempts).toBeGreaterThan(1);
    await dict.close();
    const after = attempts;
    // Longer than the longest backoff (16 × retryDelay): a retry still pending would have run by now.
    await new Promise((resolve) => setTimeout(resolve, 16 * 20 + 100));
    expect(attempts).toBe(after);
  });
});
