import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { freePort, postgresBinDir, postgresServer, serverAddress } from "../src/index.js";

const run = promisify(execFile);

/** Runs `sql` through `psql` at `url`; resolves to its unaligned output. */
async function psql(url: string, sql: string): Promise<string> {
  const { stdout } = await run(join(postgresBinDir()!, "psql"), [url, "-Atqc", sql]);
  return stdout.trim();
}

it("PostgreSQL answers on loopback: write, read back", async () => {
  const url = serverAddress("postgres");
  await psql(url, "CREATE TABLE IF NOT EXISTS smoke (v text); INSERT INTO smoke VALUES ('value')");
  expect(await psql(url, "SELECT v FROM smoke LIMIT 1")).toBe("value");
  await psql(url, "DROP TABLE smoke");
});

it("a stopped and restarted PostgreSQL keeps what it had committed", async () => {
  const server = postgresServer(await freePort());
  try {
    await server.process.start();
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
    await psql(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('committed')");
    await server.process.stop();
    await server.process.start();
    expect(await psql(url, "SELECT v FROM kept")).toBe("committed");
  } finally {
    await server.process.destroy();
  }
});
