import { randomUUID } from "node:crypto";
import { freePort, serverAddress } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { expectCommandRoundTrip, expectWatchSeesAnotherProcess } from "./support/command-round-trip.js";

/** A URL naming a table of its own, so no two tests see each other's keys. */
function postgresUrl(): string {
  return `${serverAddress("postgres")}?table=cli_${randomUUID().replaceAll("-", "")}`;
}

describe("durabledict on PostgreSQL", () => {
  it("sets, gets, lists, exports and deletes", async () => {
    const url = postgresUrl();
    await expectCommandRoundTrip(url, url.replace(/^postgres:/, "postgresql:"));
  });

  it("watches changes made by another process", async () => {
    const url = postgresUrl();
    await runCli(["set", url, "flag", "true"]);
    await expectWatchSeesAnotherProcess(url);
  });

  it("refuses a URL without a table, or with an unknown parameter, with exit code 2", async () => {
    const noTable = await runCli(["list", serverAddress("postgres")]);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toMatch(/^error: bad postgres URL: \?table=<name> is required/);
    const typo = await runCli(["list", `${serverAddress("postgres")}?tabel=flags`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown parameter "tabel" in postgres URL/);
  });

  it("exits with 4 and one line when PostgreSQL cannot be reached", async () => {
    const result = await runCli([
      "list",
      `postgres://postgres@127.0.0.1:${await freePort()}/postgres?table=flags`,
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: .*(postgres|PostgreSQL)/);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
