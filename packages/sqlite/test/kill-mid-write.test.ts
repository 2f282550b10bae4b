import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDict } from "../src/index.js";
import { DictProcess } from "./support/dict-process.js";
import { useScratchFile } from "./support/scratch-file.js";

/** A writer process killed with SIGKILL while it writes as fast as it can, at a few different moments. */
describe("a process killed in the middle of writing", () => {
  const file = useScratchFile();

  it("loses no acknowledged write and leaves no partial write", async () => {
    const acknowledged = new Set<string>();
    for (const acks of [15, 40, 85]) {
      const writer = new DictProcess(file(), "write-forever");
      await writer.waitForLine((line) => line === "ready");
      writer.send("go");
      await writer.waitForLine(() => writer.lines.length > acks);
      writer.child.kill("SIGKILL");
      expect(await writer.exited).toBeNull();
      for (const keys of writer.results<string[]>()) for (const key of keys) acknowledged.add(key);

      const raw = new Database(file(), { readonly: true });
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      const keys = raw.prepare("SELECT key FROM durabledict").pluck().all() as string[];
      raw.close();
      for (const key of acknowledged) expect(keys).toContain(key);
      const batches = new Map<string, number>();
      for (const key of keys.filter((k) => k.startsWith("b"))) {
        const batch = key.slice(0, key.indexOf("-"));
        batches.set(batch, (batches.get(batch) ?? 0) + 1);
      }
      for (const [batch, size] of batches) expect(size, `batch ${batch}`).toBe(5);
    }
    const dict = await openSqliteDict<{ i: number }>(file());
    for (const key of acknowledged) expect((await dict.get(key))?.i).toBe(Number(key.slice(1).split("-")[0]));
    await dict.close();
  });
});
