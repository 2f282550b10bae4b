import { describe, expect, it } from "vitest";
import { openSqliteDict } from "../src/index.js";
import { DictProcess, startTogether } from "./support/dict-process.js";
import { useScratchFile } from "./support/scratch-file.js";

/** Each test's processes are separate node processes, each with its own connection to the file. */
describe("several processes on one file", () => {
  const file = useScratchFile();

  it("processes writing different keys at once lose no write, and a reader sees each at its next read", async () => {
    const dict = await openSqliteDict<number>(file());
    expect(await dict.size()).toBe(0);
    const writers = await startTogether(3, file(), "write-keys", (i) => [`p${i}-`, "40"]);
    await Promise.all(writers.map((writer) => writer.finished()));
    expect(await dict.size()).toBe(120);
    for (const i of [0, 1, 2]) {
      for (let n = 0; n < 40; n++) expect(await dict.get(`p${i}-${n}`)).toBe(n);
    }
    await dict.close();
  });

  it("setdefault from several processes at once agrees on one value per key", async () => {
    const racers = await startTogether(4, file(), "setdefault", () => ["15"]);
    await Promise.all(racers.map((racer) => racer.finished()));
    const pids = racers.map((racer) => racer.child.pid);
    const dict = await openSqliteDict<number>(file());
    for (let i = 0; i < 15; i++) {
      const seen = racers.map((racer) => new Map(racer.results<[string, number]>()).get(`lock${i}`));
      expect(new Set(seen).size).toBe(1);
      expect(pids).toContain(seen[0]);
      expect(await dict.get(`lock${i}`)).toBe(seen[0]);
    }
    await dict.close();
  });

  it("pop from several processes at once hands each value to exactly one of them", async () => {
    const dict = await openSqliteDict<string>(file());
    await dict.update(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`t${i}`, `value${i}`])));
    const takers = await startTogether(4, file(), "pop", () => ["30"]);
    await Promise.all(takers.map((taker) => taker.finished()));
    for (let i = 0; i < 30; i++) {
      const taken = takers
        .map((taker) => new Map(taker.results<[string, string | null]>()).get(`t${i}`))
        .filter((value) => value !== null);
      expect(taken).toEqual([`value${i}`]);
    }
    expect(await dict.size()).toBe(0);
    await dict.close();
  });

  it("a watching process sees each write of another process, in order, without asking", async () => {
    const writer = await openSqliteDict<number>(file());
    const watcher = new DictProcess(file(), "watch");
    await watcher.waitForLine((line) => line === "ready");
    watcher.send("go");
    for (let i = 1; i <= 5; i++) {
      await writer.set("switch", i);
      await watcher.waitForLine((line) => line === JSON.stringify(["switch", i]));
    }
    await writer.delete("switch");
    await watcher.waitForLine((line) => line === JSON.stringify(["switch", null]));
    watcher.send("stop");
    await watcher.finished();
    expect(watcher.results()).toEqual([...[1, 2, 3, 4, 5].map((i) => ["switch", i]), ["switch", null]]);
    await writer.close();
  });
});
