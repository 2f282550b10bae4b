import { DurableDict } from "@durabledict/core";
import { MemoryStore } from "@durabledict/memory";
import {
  ErrorCode,
  InMemoryProvider,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
  StandardResolutionReasons,
} from "@openfeature/server-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { DurableDictProvider } from "../src/index.js";
import { nextEvent } from "./support/next-event.js";
import { type Flags, openFlags, resetOpenFeature } from "./support/open-flags.js";

describe("provider events, as the OpenFeature SDK hands them to handlers", () => {
  const dicts: DurableDict[] = [];
  let flags: Flags;
  const open = async (...args: Parameters<typeof openFlags>) => {
    flags = await openFlags(...args);
    dicts.push(flags.dict);
    return flags;
  };
  afterEach(async () => {
    await resetOpenFeature();
    for (const dict of dicts.splice(0)) await dict.close();
  });

  it("is READY once set, with the dict open", async () => {
    const ready = nextEvent(
      OpenFeature,
      ProviderEvents.Ready,
      (details) => details.providerName === "durabledict",
    );
    const { client } = await open({ dark_mode: true });
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it("emits CONFIGURATION_CHANGED naming the key for this process's writes and for another dict's", async () => {
    const { dict, store, client } = await open({ dark_mode: false });
    const local = nextEvent(client, ProviderEvents.ConfigurationChanged);
    await dict.set("dark_mode", true);
    expect((await local).flagsChanged).toEqual(["dark_mode"]);

    const remote = nextEvent(client, ProviderEvents.ConfigurationChanged);
    const other = await DurableDict.open(store);
    dicts.push(other);
    await other.set("theme", "dark");
    expect((await remote).flagsChanged).toEqual(["theme"]);
    expect(await client.getStringValue("theme", "light")).toBe("dark");
  });

  it("coalesces the keys one update changes into one CONFIGURATION_CHANGED", async () => {
    const { dict, client } = await open();
    const events: string[][] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      events.push(details?.flagsChanged ?? []);
    });
    const changed = nextEvent(OpenFeature, ProviderEvents.ConfigurationChanged);
    await dict.update({ a: 1, b: 2, c: 3 });
    await changed;
    await dict.set("d", 4);
    await new Promise(setImmediate); // every handler of the events so far has run
    expect(events).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("goes STALE while the store cannot be reached, and READY again once it can", async () => {
    const { store, dict, client } = await open({ dark_mode: true }, { dict: { retryDelay: 1 } });
    const stale = nextEvent(OpenFeature, ProviderEvents.Stale);
    store.setReachable(false);
    await expect(dict.sync()).rejects.toThrow();
    await stale;
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanDetails("dark_mode", false)).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.STALE,
    });

    const ready = nextEvent(client, ProviderEvents.Ready);
    store.setReachable(true);
    await dict.sync();
    await ready;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });

  it("is READY then STALE for a dict started from bootstrap values while the store is down, and READY with the store's values once it is back", async () => {
    const store = new MemoryStore();
    const writer = await DurableDict.open(store);
    dicts.push(writer);
    await writer.set("dark_mode", true);
    store.setReachable(false);
    const dict = await DurableDict.open(store, { bootstrap: { dark_mode: false }, retryDelay: 5 });
    dicts.push(dict);
    expect(dict.status).toBe("stale");

    const stale = nextEvent(OpenFeature, ProviderEvents.Stale);
    await OpenFeature.setProviderAndWait(new DurableDictProvider(dict));
    const client = OpenFeature.getClient();
    await stale;
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanDetails("dark_mode", true)).toMatchObject({
      value: false,
      reason: StandardResolutionReasons.STALE,
    });

    const ready = nextEvent(client, ProviderEvents.Ready);
    const changed = nextEvent(client, ProviderEvents.ConfigurationChanged);
    store.setReachable(true); // the dict retries by itself
    await ready;
    expect((await changed).flagsChanged).toEqual(["dark_mode"]);
    expect(await client.getBooleanDetails("dark_mode", false)).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.STATIC,
    });
  });

  it("reports a dict closed under it as a fatal ERROR, and evaluations then return the default", async () => {
    const { dict, client } = await open({ dark_mode: true });
    const error = nextEvent(client, ProviderEvents.Error);
    await dict.close();
    expect((await error).errorCode).toBe(ErrorCode.PROVIDER_FATAL);
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(await client.getBooleanDetails("dark_mode", false)).toMatchObject({
      value: false,
      errorCode: ErrorCode.PROVIDER_FATAL,
    });
  });

  it("refuses a closed dict: setProviderAndWait rejects and the provider is FATAL", async () => {
    const dict = await DurableDict.open(new MemoryStore());
    await dict.close();
    await expect(OpenFeature.setProviderAndWait(new DurableDictProvider(dict))).rejects.toThrow("closed");
    expect(OpenFeature.getClient().providerStatus).toBe(ProviderStatus.FATAL);
  });

  it("stops listening to the dict when replaced, and leaves it open", async () => {
    const { dict, provider } = await open({ dark_mode: true });
    const heard: unknown[] = [];
    provider.events.addHandler(ProviderEvents.ConfigurationChanged, (details) => heard.push(details));
    await OpenFeature.setProviderAndWait(new InMemoryProvider({}));
    await dict.set("dark_mode", false);
    await new Promise(setImmediate); // a change event would have been handed over by now
    expect(heard).toEqual([]);
    expect(dict.status).toBe("live");
    expect(await dict.get("dark_mode")).toBe(false);
  });

  it("closes the dict on shutdown when asked to own it", async () => {
    const { dict } = await open({ dark_mode: true }, { provider: { ownsDict: true } });
    await OpenFeature.close();
    expect(dict.status).toBe("closed");
  });
});
