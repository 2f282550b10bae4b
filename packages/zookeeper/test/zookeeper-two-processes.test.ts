import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { serverAddress } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { openZookeeperDict } from "../src/index.js";
import { closeClient, newClient, removeTree, uniquePath } from "./support/zk-clients.js";

/** How long a write may take to reach the other process, in milliseconds: what this test holds the adapter to. */
const propagationBound = 2000;

const fixture = fileURLToPath(new URL("./fixtures/peer-process.mjs", import.meta.url));
const built = fileURLToPath(new URL("../dist/index.js", import.meta.url));

interface PeerMessage {
  event: "wrote" | "saw";
  at: number;
  value?: unknown;
}

/** Resolves with the first message of `event` the peer prints. */
function nextMessage(peer: ChildProcess, event: PeerMessage["event"]): Promise<PeerMessage> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: peer.stdout! });
    lines.on("line", (line) => {
      const message = JSON.parse(line) as PeerMessage;
      if (message.event === event) {
        lines.close();
        resolve(message);
      }
    });
    peer.once("exit", (code) => reject(new Error(`peer exited with ${code} before "${event}"`)));
  });
}

describe("two Node processes on one path", () => {
  it(`see each other's writes within ${propagationBound} ms`, async () => {
    expect(existsSync(built), "run `pnpm --filter @durabledict/zookeeper build` first").toBe(true);
    const hosts = serverAddress("zookeeper");
    const root = uniquePath("processes");
    const client = newClient(hosts);
    const dict = await openZookeeperDict<number>(client, root);
    const peer = spawn(process.execPath, [fixture, hosts, root], { stdio: ["pipe", "pipe", "inherit"] });
    try {
      const wrote = await nextMessage(peer, "wrote");
      while (
        dict.snapshot().get("from-child") === undefined &&
        Date.now() - wrote.at < propagationBound * 2
      ) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const seenAt = Date.now();
      expect(dict.snapshot().get("from-child")).toBe(peer.pid);
      expect(seenAt - wrote.at).toBeLessThan(propagationBound);

      const saw = nextMessage(peer, "saw");
      await dict.set("from-parent", 42);
      const acknowledgedAt = Date.now();
      const message = await saw;
      expect(message.value).toBe(42);
      expect(message.at - acknowledgedAt).toBeLessThan(propagationBound);
    } finally {
      peer.stdin!.end();
      await new Promise((resolve) => (peer.exitCode === null ? peer.once("exit", resolve) : resolve(null)));
      await dict.close();
      await removeTree(client, root);
      await closeClient(client);
    }
  });
});
