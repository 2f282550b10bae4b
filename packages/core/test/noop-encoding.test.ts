import { describe, expect, it } from "vitest";
import { noopEncoding } from "../src/index.js";

describe("noopEncoding", () => {
  it("stores a clone, so the caller's later changes do not reach the store", () => {
    const value = { list: [1] };
    const payload = noopEncoding.encode(value) as typeof value;
    value.list.push(2);
    expect(payload).toEqual({ list: [1] });
  });
});
