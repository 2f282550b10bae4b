import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { DurableStore } from "@durabledict/core";
import type { SqliteStoreOptions } from "../../src/index.js";

const host = fileURLToPath(new URL("../fixtures/store-host.mjs", import.meta.url));

interface Reply {
  id: number;
  result?: unknown;
  error?: { message: string; code?: string };
}

/**
 * A {@link SqliteStore} living in another node process, with its own connection to the file: every method
 * is a message to that process and back. Lets the conformance suite run with each store in its own process.
 */
export async function openRemoteStore(
  file: string,
  options: SqliteStoreOptions,
): Promise<DurableStore<string>> {
  const child: ChildProcess = fork(host, [file, JSON.stringify(options)], { serialization: "advanced" });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on("message", (reply: Reply) => {
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error) call?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else call?.resolve(reply.result);
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  void exited.then(() => {
    for (const call of pending.values()) call.reject(new Error("the store's process exited"));
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("error", reject);
  });
  const call = <T>(method: string, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, method, args });
    });
  return {
    name: "sqlite",
    persist: (key, payload) => call("persist", key, payload),
    persistMany: (entries) => call("persistMany", entries),
    depersist: (key) => call("depersist", key),
    durables: () => call("durables"),
    lastUpdated: () => call("lastUpdated"),
    pop: (key) => call("pop", key),
    setdefault: (key, payload) => call("setdefault", key, payload),
    changesSince: (version) => call("changesSince", version),
    close: async () => {
      if (child.connected) await call("close");
      await exited;
    },
  };
}
