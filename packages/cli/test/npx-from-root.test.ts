import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CliResult, finished } from "./support/cli-process.js";
import { scratchDir } from "./support/scratch-dir.js";
import { redisUrl } from "./support/scratch-keyspace.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs `npx durabledict <args>` at the workspace root, as the README tells a user to. */
function npx(args: readonly string[]): Promise<CliResult> {
  const child = spawn("npx", ["durabledict", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  return finished(child, 120_000, `npx durabledict ${args.join(" ")}`);
}

describe("npx durabledict at the workspace root", () => {
  it.each([
    ["SQLite", () => `sqlite:${join(scratchDir(), "s.db")}`],
    ["Redis", redisUrl],
  ])("sets a value and gets it back on %s", async (_name, makeUrl) => {
    const url = makeUrl();
    expect((await npx(["set", url, "new_checkout", '{"on":true}'])).code).toBe(0);
    expect(await npx(["get", url, "new_checkout"])).toMatchObject({ code: 0, stdout: '{"on":true}\n' });
  });
});
