import { type Encoding, EncodingError } from "@durabledict/core";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresDict, PostgresStore } from "../src/index.js";
import { scratchTables } from "./support/scratch-tables.js";

describe("payloads PostgreSQL text cannot hold", () => {
  const scratch = scratchTables();
  const { admin } = scratch;
  const table = scratch.table("payloads");
  afterAll(() => scratch.cleanup());

  it("are refused with EncodingError before anything is written", async () => {
    // An encoding that stores strings as they are, so a NUL character reaches the store.
    const verbatim: Encoding = {
      name: "verbatim",
      encode: (value) => String(value),
      decode: (payload) => payload,
    };
    const dict = await openPostgresDict<string>(admin, { table, encoding: verbatim, watch: false });
    try {
      for (const attempt of [() => dict.set("k", "a\0b"), () => dict.update({ fine: "x", k: "a\0b" })]) {
        const error = await attempt().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(EncodingError);
        expect((error as EncodingError).message).toContain("NUL");
      }
      expect((await admin.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows).toEqual([{ n: 0 }]);
    } finally {
      await dict.close();
    }
  });

  it("are refused over 512 MiB of UTF-8, counted in bytes, not characters", async () => {
    const store = await PostgresStore.open(admin, { table, watch: false });
    // 178,956,971 characters of 3 bytes each: 1 byte over 512 MiB, in a string V8 can hold.
    const over = "€".repeat(Math.floor((512 * 1024 * 1024) / 3) + 1);
    expect(() => store.validatePayload("big", over)).toThrow(EncodingError);
    expect(() => store.validatePayload("big", over.slice(1))).not.toThrow();
    await store.close();
  });
});
