import { DurableDict, type DurableDictOptions } from "@durabledict/core";
import { MemoryStore } from "@durabledict/memory";
import { type Client, OpenFeature } from "@openfeature/server-sdk";
import { DurableDictProvider, type DurableDictProviderOptions } from "../../src/index.js";

/** A dict over a fresh `MemoryStore`, set as the SDK's default provider, and a client of it. */
export interface Flags {
  store: MemoryStore;
  dict: DurableDict;
  provider: DurableDictProvider;
  client: Client;
}

/** Opens a dict over a new `MemoryStore` (with `values` in it) and sets it as the default provider. */
export async function openFlags(
  values: Record<string, unknown> = {},
  options: { dict?: DurableDictOptions; provider?: DurableDictProviderOptions } = {},
): Promise<Flags> {
  const store = new MemoryStore();
  const writer = await DurableDict.open(store);
  await writer.update(values);
  await writer.close();
  const dict = await DurableDict.open(store, options.dict);
  const provider = new DurableDictProvider(dict, options.provider);
  await OpenFeature.setProviderAndWait(provider);
  return { store, dict, provider, client: OpenFeature.getClient() };
}

/** Shuts the SDK's providers down and drops every handler: the state each test starts from. */
export async function resetOpenFeature(): Promise<void> {
  await OpenFeature.clearProviders();
  OpenFeature.clearHandlers();
}
