import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { scratchDir } from "./support/scratch-dir.js";
import { redisUrl } from "./support/scratch-keyspace.js";

describe("durabledict on Redis", () => {
  it("sets, gets, lists and deletes", async () => {
    const url = redisUrl();
    expect(await runCli(["set", url, "new_checkout", '{"on":true}'])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    expect(await runCli(["set", url, "theme", "-s", "dark"])).toMatchObject({ code: 0 });
    expect((await runCli(["get", url, "new_checkout"])).stdout).toBe('{"on":true}\n');
    expect(JSON.parse((await runCli(["list", url])).stdout)).toEqual({
      new_checkout: { on: true },
      theme: "dark",
    });
    expect((await runCli(["delete", url, "theme"])).code).toBe(0);
    expect(await runCli(["get", url, "theme"])).toMatchObject({
      code: 3,
      stderr: 'error: key "theme" not found\n',
    });
  });

  it("exports and imports", async () => {
    const url = redisUrl();
    const file = join(scratchDir(), "in.json");
    writeFileSync(file, JSON.stringify({ a: { on: false }, b: [1, "two"] }));
    const imported = await runCli(["import", url, file]);
    expect(imported.stdout).toBe(
      'add "a" {"on":false}\nadd "b" [1,"two"]\nimported: 2 added, 0 changed, 0 deleted\n',
    );
    expect(JSON.parse((await runCli(["export", url])).stdout)).toEqual({ a: { on: false }, b: [1, "two"] });
  });

  it("exits with 4 and one line when Redis cannot be reached", async () => {
    const port = await freePort();
    const result = await runCli(["get", `redis://127.0.0.1:${port}/0?keyspace=x`, "k"]);
    expect(result).toEqual({
      code: 4,
      stdout: "",
      stderr: `error: cannot reach Redis at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });
});
