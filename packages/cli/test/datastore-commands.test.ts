import { randomUUID } from "node:crypto";
import { serverAddress } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { LongRunningCli } from "./support/long-running-cli.js";

/** The emulator, found as a user would point the client at it. */
const env = () => ({
  DATASTORE_EMULATOR_HOST: serverAddress("datastore"),
  METADATA_SERVER_DETECTION: "none",
});

function datastoreUrl(): string {
  return `datastore://durabledict-test?kind=Setting&namespace=cli-${randomUUID()}`;
}

describe("durabledict on Cloud Datastore (the emulator)", () => {
  it("sets and gets", async () => {
    const url = datastoreUrl();
    expect((await runCli(["set", url, "new_checkout", '{"on":true}'], { env: env() })).code).toBe(0);
    expect((await runCli(["get", url, "new_checkout"], { env: env() })).stdout).toBe('{"on":true}\n');
  });

  it("imports, lists and deletes", async () => {
    const url = datastoreUrl();
    expect((await runCli(["set", url, "new_checkout", '{"on":true}'], { env: env() })).code).toBe(0);
    const imported = await runCli(["import", url, "-"], { env: env(), input: '{"theme":"dark"}' });
    expect(imported.stdout).toBe('add "theme" "dark"\nimported: 1 added, 0 changed, 0 deleted\n');
    expect(JSON.parse((await runCli(["list", url], { env: env() })).stdout)).toEqual({
      new_checkout: { on: true },
      theme: "dark",
    });
    expect((await runCli(["delete", url, "theme"], { env: env() })).code).toBe(0);
    expect((await runCli(["get", url, "theme"], { env: env() })).code).toBe(3);
  });

  it("watches changes made by another process", async () => {
    const url = datastoreUrl();
    const watch = new LongRunningCli(["watch", url], env());
    await watch.waitFor(/^watching/m, "stderr");
    await runCli(["set", url, "flag", "true"], { env: env() });
    await watch.waitFor(/ remote "flag" set true$/m, "stdout");
    expect((await watch.stop()).code).toBe(0);
  });
});
