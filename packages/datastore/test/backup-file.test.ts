import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DurableDict, StoreUnavailableError } from "@durabledict/core";
import { startTcpProxy, type TcpProxy, waitUntil } from "@durabledict/test-servers";
import type { Datastore } from "@google-cloud/datastore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatastoreDict } from "../src/index.js";
import { closeDatastore, emulatorPort, newDatastore, uniqueNamespace } from "./emulator.js";

describe("a Datastore dict with a backup file, its network to the emulator cut at open", () => {
  let proxy: TcpProxy;
  let folder: string;
  const clients: Datastore[] = [];
  const dicts: DurableDict<string>[] = [];
  const namespace = uniqueNamespace();
  beforeAll(async () => {
    proxy = await startTcpProxy(emulatorPort());
    folder = mkdtempSync(join(tmpdir(), "datastore-backup-"));
  });
  afterAll(async () => {
    for (const dict of dicts) await dict.close();
    for (const client of clients) await closeDatastore(client);
    await proxy.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const open = async (backupFile: string, port = proxy.port) => {
    const datastore = newDatastore(port);
    clients.push(datastore);
    const dict = await openDatastoreDict<string>(datastore, {
      kind: "Setting",
      namespace,
      backupFile,
      timeout: 1500,
      retryDelay: 50,
    });
    dicts.push(dict);
    return dict;
  };

  it("opens from the file while Datastore cannot be reached, then goes live with Datastore's values", async () => {
    const backupFile = join(folder, "settings.json");
    const first = await open(backupFile);
    await first.update({ theme: "dark", banner: "hello" });
    await first.close();

    proxy.cut();
    const dict = await open(backupFile);
    expect(dict.status).toBe("stale");
    expect(await dict.get("theme")).toBe("dark");
    await expect(dict.set("theme", "light")).rejects.toBeInstanceOf(StoreUnavailableError);

    const direct = await open(join(folder, "direct.json"), emulatorPort());
    await direct.set("banner", "changed while cut off");
    proxy.restore();
    await waitUntil("the dict to go live", () => dict.status === "live", { timeout: 30_000, interval: 50 });
    await waitUntil("Datastore's value", () => dict.snapshot().get("banner") === "changed while cut off", {
      timeout: 10_000,
    });
    expect(dict.snapshot().get("theme")).toBe("dark");
  });
});
