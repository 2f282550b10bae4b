import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { memoryIo } from "./support/memory-io.js";
import { scratchDir } from "./support/scratch-dir.js";

describe("list on a terminal", () => {
  it("prints a table of keys and JSON values, control characters escaped, cut to the terminal's width", async () => {
    const url = `sqlite:${join(scratchDir(), "s.db")}`;
    await runCli(["set", url, "new_checkout", '{"on":true,"percent":10}'], memoryIo());
    await runCli(["set", url, "bell\u0007\u001b[2J", "true"], memoryIo());
    await runCli(["set", url, "long", JSON.stringify("x".repeat(200))], memoryIo());
    const io = memoryIo({ tty: true, columns: 60 });
    expect(await runCli(["list", url], io)).toBe(0);
    const lines = io.out().trimEnd().split("\n");
    const key = (text: string) => text.padEnd("bell\\u0007\\u001b[2J".length);
    expect(lines).toEqual([
      `${key("KEY")}  VALUE`,
      `${key("bell\\u0007\\u001b[2J")}  true`,
      `${key("long")}  "${"x".repeat(37)}…`,
      `${key("new_checkout")}  {"on":true,"percent":10}`,
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
  });

  it("prints JSON on a terminal with --json", async () => {
    const url = `sqlite:${join(scratchDir(), "s.db")}`;
    await runCli(["set", url, "a", "1"], memoryIo());
    const io = memoryIo({ tty: true });
    expect(await runCli(["list", url, "--json"], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ a: 1 });
  });
});
