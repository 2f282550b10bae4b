import { DecodingError, type DurableDict } from "@durabledict/core";
import { MemcacheVersionCounter } from "@durabledict/memcache";
import { describe, expect, it } from "vitest";
import { openDatastoreDict } from "../src/index.js";
import { closedAfterEach } from "./closed-after-each.js";
import { uniqueNamespace } from "./emulator.js";

const kind = "Setting";
const ancestorPath = ["DatastoreDictAncestorModel", "ancestor-Setting"];
const { datastore, memcache, dict: closedLater } = closedAfterEach();

async function open(
  namespace: string,
  versionCounter?: MemcacheVersionCounter,
): Promise<DurableDict<unknown>> {
  return closedLater(await openDatastoreDict<unknown>(datastore(), { kind, namespace, versionCounter }));
}

/** What another program may leave in `value`, and the payload the dict reports for it. */
const foreign: [string, unknown, string][] = [
  ["blob", Buffer.from([0, 1, 255]), "!datastore:blob:AAH/"],
  ["integer", 42, "!datastore:number:42"],
  ["null", null, "!datastore:null:"],
  ["array", ["a", "b"], '!datastore:array:["a","b"]'],
];

/** Saves `value` as another program would: the entity under the dict's ancestor, nothing else touched. */
async function saveForeign(namespace: string, name: string, value: unknown): Promise<void> {
  const client = datastore();
  const key = client.key({ namespace, path: [...ancestorPath, kind, name] });
  const data = typeof value === "number" ? client.int(value) : value;
  await client.save({ key, data: { value: data }, excludeFromIndexes: ["value"] });
}

describe("entities whose value is not a string", () => {
  it("are listed, reported with DecodingError naming the key, and leave the other keys readable", async () => {
    const namespace = uniqueNamespace();
    const writer = await open(namespace);
    await writer.set("good", { on: true });
    for (const [name, value] of foreign) await saveForeign(namespace, name, value);

    const reader = await open(namespace);
    expect((await reader.keys()).sort()).toEqual(["array", "blob", "good", "integer", "null"]);
    expect(await reader.entries()).toEqual([["good", { on: true }]]);
    for (const [name] of foreign) {
      const error = await reader.get(name).catch((caught: unknown) => caught);
      expect(DecodingError.isInstance(error)).toBe(true);
      expect((error as DecodingError).message).toContain(`"${name}"`);
    }
    expect(await reader.get("good")).toEqual({ on: true });
  });

  it("one arriving through a sync (another program wrote it and bumped the counter) emits an error event", async () => {
    const namespace = uniqueNamespace();
    const prefix = `${namespace}:`;
    const cache = memcache();
    const reader = await open(namespace, new MemcacheVersionCounter(cache, { prefix }));
    const errors: unknown[] = [];
    reader.on("error", (error) => errors.push(error));
    await saveForeign(namespace, "integer", 42);
    await cache.increment(`${prefix}last_updated`, 1, { initial: 1 });
    expect(await reader.keys()).toEqual(["integer"]);
    expect(
      errors.some((error) => DecodingError.isInstance(error) && error.message.includes('"integer"')),
    ).toBe(true);
  });

  it("pop removes such an entity and hands its payload over inside the DecodingError", async () => {
    const namespace = uniqueNamespace();
    for (const [name, value] of foreign) await saveForeign(namespace, name, value);
    const dict = await open(namespace);
    for (const [name, , payload] of foreign) {
      const error = await dict.pop(name).catch((caught: unknown) => caught);
      expect(DecodingError.isInstance(error)).toBe(true);
      expect((error as DecodingError).payload).toBe(payload);
    }
    expect(await (await open(namespace)).keys()).toEqual([]);
  });
});
