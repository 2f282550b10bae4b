import { describe, expect, it } from "vitest";
import { prepareValue, readValue } from "../src/frozen-value.js";

describe("prepareValue", () => {
  it("deep-freezes a cyclic object and hands it out itself", () => {
    const value: Record<string, unknown> = { list: [1] };
    value.self = value;
    const handed = prepareValue(value);
    expect(handed.copyOnRead).toBe(false);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.list)).toBe(true);
    expect(readValue(handed)).toBe(value);
  });

  it("deep-freezes an array that contains itself", () => {
    const value: unknown[] = [{ a: 1 }];
    value.push(value);
    expect(prepareValue(value).copyOnRead).toBe(false);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value[0])).toBe(true);
  });

  it("freezes a sub-object reached twice that points back up, and every object around it", () => {
    const shared: Record<string, unknown> = { n: 1 };
    const value = { a: shared, b: { deeper: shared }, c: { after: [2] } };
    shared.up = value;
    expect(prepareValue(value).copyOnRead).toBe(false);
    expect([value, shared, value.b, value.c, value.c.after].every((v) => Object.isFrozen(v))).toBe(true);
  });

  it("freezes sharing nested on sharing in one walk of each object", () => {
    let value: unknown = { leaf: true };
    for (let level = 0; level < 64; level++) value = [value, value];
    expect(prepareValue(value).copyOnRead).toBe(false);
    expect(Object.isFrozen(value)).toBe(true);
  });

  it("copies on every read a cyclic value that holds a Map, cycle included", () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    value.m = new Map([["k", 1]]);
    const handed = prepareValue(value);
    expect(handed.copyOnRead).toBe(true);
    const read = readValue(handed) as typeof value;
    expect(read).not.toBe(value);
    expect(read.self).toBe(read);
    (read.m as Map<string, number>).set("k", 2);
    expect((readValue(handed) as typeof value).m).toEqual(new Map([["k", 1]]));
  });

  it("keeps copying a value that holds a Map when it is prepared a second time", () => {
    // The noop encoding hands the memory store's own object to every dict over that store.
    const value = { a: { b: 1 }, m: new Map([["k", 1]]) };
    expect(prepareValue(value).copyOnRead).toBe(true);
    expect(prepareValue(value).copyOnRead).toBe(true);
  });
});
