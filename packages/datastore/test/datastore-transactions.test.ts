import { startTcpProxy } from "@durabledict/test-servers";
import type { Datastore } from "@google-cloud/datastore";
import { afterEach, describe, expect, it } from "vitest";
import { DatastoreStore } from "../src/index.js";
import { closeDatastore, emulatorPort, newDatastore, uniqueNamespace } from "./emulator.js";

const clients: Datastore[] = [];

/** A store on a client of its own, as another process would have. */
function store(namespace: string, transactionAttempts?: number): DatastoreStore {
  const datastore = newDatastore();
  clients.push(datastore);
  return new DatastoreStore(datastore, { kind: "Setting", namespace, transactionAttempts });
}

afterEach(async () => {
  for (const made of clients.splice(0)) await closeDatastore(made);
});

/** The version entity's counter, read past the adapter. */
async function counter(namespace: string): Promise<number> {
  const datastore = newDatastore();
  clients.push(datastore);
  const path = ["DatastoreDictAncestorModel", "ancestor-Setting", "DurableDictVersion", "Setting"];
  const [entity] = await datastore.get(datastore.key({ namespace, path }));
  return Number((entity as { counter: number }).counter);
}

describe("write transactions on one entity group", () => {
  it("re-run on contention: every write of concurrent clients lands, and the version counts each once", async () => {
    const namespace = uniqueNamespace();
    const writers = Array.from({ length: 5 }, () => store(namespace));
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = 0; i < 6; i++) await writer.persist(`w${w}-${i}`, String(i));
      }),
    );
    expect((await writers[0]!.durables()).size).toBe(30);
    expect(await counter(namespace)).toBe(30);
  });

  it("give up after transactionAttempts: rejected writes leave nothing behind, and the version counts the rest", async () => {
    const namespace = uniqueNamespace();
    const writers = Array.from({ length: 5 }, () => store(namespace, 1));
    const landed: string[] = [];
    const refusals: Error[] = [];
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let i = 0; i < 6; i++) {
          await writer.persist(`w${w}-${i}`, String(i)).then(
            () => landed.push(`w${w}-${i}`),
            (error: Error) => refusals.push(error),
          );
        }
      }),
    );
    // With one attempt, Datastore's contention answer (gRPC ABORTED) reaches the caller instead of a re-run,
    // as the cause of a NotSentError: an aborted commit wrote nothing.
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals.map((error) => error.name))).toEqual(new Set(["NotSentError"]));
    expect(new Set(refusals.map((error) => (error.cause as { code?: unknown }).code))).toEqual(new Set([10]));
    expect([...(await writers[0]!.durables()).keys()].sort()).toEqual(landed.sort());
    expect(await counter(namespace)).toBe(landed.length);
  });

  it("concurrent setdefault from two clients creates exactly one entity and moves the version once", async () => {
    const namespace = uniqueNamespace();
    const [a, b] = [store(namespace), store(namespace)];
    for (let round = 1; round <= 5; round++) {
      const [first, second] = await Promise.all([
        a.setdefault(`lock${round}`, '"a"'),
        b.setdefault(`lock${round}`, '"b"'),
      ]);
      expect([first.created, second.created].sort()).toEqual([false, true]);
      expect(first.payload).toBe(second.payload);
      expect(await counter(namespace)).toBe(round);
    }
    expect((await a.durables()).size).toBe(5);
  });

  it("reports each write's version step from inside its transaction", async () => {
    const namespace = uniqueNamespace();
    const writer = store(namespace);
    const first = await writer.persist("a", "1");
    const second = await writer.persist("b", "2");
    expect(first?.previous).toBeUndefined();
    expect(second?.previous).toBe(first?.version);
    expect(second?.version).toBe(await writer.lastUpdated());
    expect(await writer.depersist("missing")).toEqual({ existed: false });
    expect(await writer.pop("missing")).toBeUndefined();
    expect(await writer.lastUpdated()).toBe(second?.version);
  });

  it("a write queued behind this store's stalled writes rejects unsent within its timeout, not after theirs", async () => {
    const proxy = await startTcpProxy(emulatorPort());
    const datastore = newDatastore(proxy.port);
    clients.push(datastore);
    const timeout = 1000;
    const namespace = uniqueNamespace();
    const writer = new DatastoreStore(datastore, { kind: "Setting", namespace, timeout });
    try {
      // The client's first call sets up its gRPC channel, which can take longer than `timeout` by itself.
      await datastore.get(datastore.key({ namespace, path: ["Warmup", "channel"] }));
      await writer.persist("before", "0");
      proxy.stall();
      const started = performance.now();
      // Run one after another, each of these would take its own `timeout`: the last would wait 6 of them.
      const settled = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          writer.persist(`stalled${i}`, String(i)).then(
            () => ({ error: undefined, after: performance.now() - started }),
            (error: Error) => ({ error, after: performance.now() - started }),
          ),
        ),
      );
      expect(settled.map(({ error }) => error?.name)).toEqual(Array(6).fill("NotSentError"));
      expect(Math.max(...settled.map(({ after }) => after))).toBeLessThan(2.5 * timeout);
      proxy.restore();
      await writer.persist("after", "1");
      expect([...(await writer.durables()).keys()].sort()).toEqual(["after", "before"]);
    } finally {
      await proxy.close();
    }
  });
});
