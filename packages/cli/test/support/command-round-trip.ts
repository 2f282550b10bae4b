import { expect } from "vitest";
import { runCli } from "./cli-process.js";
import { LongRunningCli } from "./long-running-cli.js";

/**
 * `set` (twice, the second through `otherSpelling` of the same store), `get`, `list`, `delete` and `export`
 * against a fresh dict at `url`, each as its own process, checking what each prints.
 */
export async function expectCommandRoundTrip(url: string, otherSpelling = url): Promise<void> {
  expect(await runCli(["set", url, "new_checkout", '{"on":true}'])).toEqual({
    code: 0,
    stdout: "",
    stderr: "",
  });
  expect((await runCli(["set", otherSpelling, "percent", "10"])).code).toBe(0);
  expect((await runCli(["get", url, "new_checkout"])).stdout).toBe('{"on":true}\n');
  expect(JSON.parse((await runCli(["list", url])).stdout)).toEqual({
    new_checkout: { on: true },
    percent: 10,
  });
  expect((await runCli(["delete", url, "percent"])).code).toBe(0);
  expect(JSON.parse((await runCli(["export", url])).stdout)).toEqual({ new_checkout: { on: true } });
}

/** `watch` at `url` prints the change a `set` in another process makes, and exits 0 when stopped. */
export async function expectWatchSeesAnotherProcess(url: string): Promise<void> {
  const watch = new LongRunningCli(["watch", url]);
  await watch.waitFor(/^watching/m, "stderr");
  await runCli(["set", url, "flag", "false"]);
  await watch.waitFor(/ remote "flag" set false$/m, "stdout");
  expect((await watch.stop()).code).toBe(0);
}
