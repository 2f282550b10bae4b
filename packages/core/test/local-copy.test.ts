import { describe, expect, it } from "vitest";
import { type ChangeEvent, DurableDict } from "../src/index.js";
import { mapStore } from "./support/map-store.js";

describe("the local copy", () => {
  it("tells a changed payload from an unchanged one, whether or not it is the canonical encoding", async () => {
    const staged = mapStore("copy");
    const dict = await DurableDict.open<unknown>(staged.store, { autosync: false });
    const changes: ChangeEvent<unknown>[] = [];
    dict.on("change", (event) => changes.push(event));
    // As a Python json.dumps writes it: with spaces, not what JSON.stringify would write.
    await staged.store.persist("python", '{"on": true}');
    await staged.store.persist("ours", '{"on":true}');
    await dict.sync();
    expect(changes.map((event) => event.key).sort()).toEqual(["ours", "python"]);

    changes.length = 0;
    staged.writeFromElsewhere("other", 1);
    await dict.sync();
    expect(changes.map((event) => event.key)).toEqual(["other"]);
    expect(await dict.get("python")).toEqual({ on: true });

    changes.length = 0;
    await staged.store.persist("python", '{"on": false}');
    await dict.sync();
    expect(changes).toEqual([
      { key: "python", oldValue: { on: true }, newValue: { on: false }, origin: "remote" },
    ]);
  });
});
