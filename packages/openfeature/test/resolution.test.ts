import { DurableDict } from "@durabledict/core";
import { ErrorCode, StandardResolutionReasons } from "@openfeature/server-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { type Flags, openFlags, resetOpenFeature } from "./support/open-flags.js";

describe("flags resolved through the OpenFeature SDK from a dict's values", () => {
  let flags: Flags;
  afterEach(async () => {
    await resetOpenFeature();
    await flags.dict.close();
  });

  it("resolves boolean, string, number and object flags, as STATIC while the dict is live", async () => {
    flags = await openFlags({
      dark_mode: true,
      theme: "solarized",
      max_items: 25,
      limits: { rate: 10, burst: [1, 2] },
    });
    const { client } = flags;
    expect(await client.getBooleanValue("dark_mode", false)).toBe(true);
    expect(await client.getStringValue("theme", "light")).toBe("solarized");
    expect(await client.getNumberValue("max_items", 10)).toBe(25);
    expect(await client.getObjectValue("limits", {})).toEqual({ rate: 10, burst: [1, 2] });
    const details = await client.getBooleanDetails("dark_mode", false);
    expect(details).toMatchObject({
      flagKey: "dark_mode",
      value: true,
      reason: StandardResolutionReasons.STATIC,
    });
    expect(details.errorCode).toBeUndefined();
  });

  it("resolves a boolean flag from the on field of an { on, ... } value, and the whole value as an object flag", async () => {
    flags = await openFlags({ new_checkout: { on: true, percent: 10 }, beta: { on: false } });
    const { client } = flags;
    expect(await client.getBooleanValue("new_checkout", false)).toBe(true);
    expect(await client.getBooleanValue("beta", true)).toBe(false);
    expect(await client.getObjectValue("new_checkout", {})).toEqual({ on: true, percent: 10 });
  });

  it("reports FLAG_NOT_FOUND with the default value for a key the dict does not hold", async () => {
    flags = await openFlags({ other: true });
    const details = await flags.client.getBooleanDetails("missing", true);
    expect(details).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
  });

  it("reports TYPE_MISMATCH with the default value for a value of another type", async () => {
    flags = await openFlags({
      text: "yes",
      number: 1,
      list: [1, 2],
      on_not_boolean: { on: "yes" },
      no_on: { percent: 10 },
      nothing: null,
    });
    const { client } = flags;
    const mismatches = [
      await client.getBooleanDetails("text", false),
      await client.getBooleanDetails("number", false),
      await client.getBooleanDetails("on_not_boolean", false),
      await client.getBooleanDetails("no_on", false),
      await client.getStringDetails("number", "fallback"),
      await client.getNumberDetails("text", 7),
      await client.getNumberDetails("list", 7),
      await client.getObjectDetails("text", {}),
      await client.getObjectDetails("nothing", {}),
    ];
    for (const details of mismatches) {
      expect(details, details.flagKey).toMatchObject({
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.TYPE_MISMATCH,
      });
    }
    expect(mismatches.map((details) => details.value)).toEqual([
      false,
      false,
      false,
      false,
      "fallback",
      7,
      7,
      {},
      {},
    ]);
    expect(mismatches[2]!.errorMessage).toContain('"on_not_boolean"');
  });

  it("reports PARSE_ERROR for a stored payload the dict cannot decode, and still resolves the other keys", async () => {
    flags = await openFlags({ good: true });
    await flags.store.persist("bad", "{not json");
    await flags.dict.sync();
    const details = await flags.client.getBooleanDetails("bad", true);
    expect(details).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.PARSE_ERROR,
    });
    expect(details.errorMessage).toContain('"bad"');
    expect(await flags.client.getBooleanValue("good", false)).toBe(true);
  });

  it("serves the last copy with reason STALE while the store cannot be reached, and STATIC once it can", async () => {
    flags = await openFlags({ dark_mode: true }, { dict: { retryDelay: 1 } });
    flags.store.setReachable(false);
    expect(await flags.client.getBooleanDetails("dark_mode", false)).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.STALE,
    });
    expect(flags.dict.status).toBe("stale");
    flags.store.setReachable(true);
    await flags.dict.sync();
    expect(await flags.client.getBooleanDetails("dark_mode", false)).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.STATIC,
    });
  });

  it("reads through dict.get, so a write by another dict on the store shows on the next evaluation without a watch", async () => {
    flags = await openFlags({ dark_mode: false }, { dict: { watch: false } });
    const other = await DurableDict.open(flags.store);
    await other.set("dark_mode", true);
    await other.close();
    expect(await flags.client.getBooleanValue("dark_mode", false)).toBe(true);
  });
});
