import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serverAddress } from "@durabledict/test-servers";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRedisDict, redisKeys } from "../src/index.js";

const fixture = fileURLToPath(new URL("./fixtures/writer-process.mjs", import.meta.url));
const built = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** Runs the fixture in its own Node process; resolves to what it printed. */
function runWriter(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`writer exited ${code}: ${err}`)),
    );
  });
}

describe("two Node processes writing and reading the same keys", () => {
  let admin: Redis;
  const keyspaces: string[] = [];
  beforeAll(() => {
    if (!existsSync(built))
      throw new Error("build the package first: pnpm --filter @durabledict/redis build");
    admin = new Redis(serverAddress("redis"));
  });
  afterAll(async () => {
    for (const keyspace of keyspaces) {
      const keys = redisKeys(keyspace);
      await admin.del(keys.hash, keys.counter, keys.log, keys.logged, keys.floor);
    }
    admin.disconnect();
  });

  for (const mode of ["check", "watch"]) {
    it(`end with identical state (${mode === "watch" ? "watching" : "checking the version per read"})`, async () => {
      const keyspace = `two-processes-${randomUUID()}`;
      keyspaces.push(keyspace);
      const args = (id: string) => [serverAddress("redis"), keyspace, id, "200", mode];
      const [a, b] = await Promise.all([runWriter(args("a")), runWriter(args("b"))]);
      expect(JSON.parse(a)).toEqual(JSON.parse(b));
      const client = new Redis(serverAddress("redis"));
      const dict = await openRedisDict(client, keyspace);
      const stored = (await dict.entries()).sort(([x], [y]) => (x < y ? -1 : 1));
      await dict.close();
      client.disconnect();
      expect(JSON.parse(a)).toEqual(stored);
      const firsts = stored.filter(([key]) => key.startsWith("first")).map(([, value]) => value);
      expect(firsts).toHaveLength(3);
    });
  }
});
