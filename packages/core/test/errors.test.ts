import { describe, expect, it } from "vitest";
import {
  DecodingError,
  DurableDictError,
  EncodingError,
  InvalidKeyError,
  KeyError,
  StoreUnavailableError,
} from "../src/index.js";

describe("errors", () => {
  it("name the adapter and the key, and carry the cause", () => {
    const cause = new Error("ECONNREFUSED");
    const error = new StoreUnavailableError("persist", { adapter: "redis", key: "x", cause });
    expect(error.message).toBe('[durabledict:redis] store unavailable during persist key "x": ECONNREFUSED');
    expect(error.cause).toBe(cause);
    expect(error.key).toBe("x");
    expect(error.name).toBe("StoreUnavailableError");
    expect(new DecodingError("x", "bad", { adapter: "redis" }).message).toBe(
      '[durabledict:redis] cannot decode key "x": bad',
    );
    expect(new InvalidKeyError("a/b", "contains /", "zookeeper").reason).toBe("contains /");
    expect(new EncodingError("k", "too big").adapter).toBe("core");
  });

  it("shortens very long keys in messages", () => {
    const error = new KeyError("k".repeat(500), "memory");
    expect(error.message.length).toBeLessThan(150);
    expect(error.key).toHaveLength(500);
  });

  it("are recognised across copies of core by isInstance, not by the prototype chain", () => {
    const fromAnotherCopy = Object.defineProperty(new Error("x"), Symbol.for("durabledict.error"), {
      value: true,
    });
    expect(DurableDictError.isInstance(fromAnotherCopy)).toBe(true);
    expect(DurableDictError.isInstance(new KeyError("k"))).toBe(true);
    expect(DurableDictError.isInstance(new Error("plain"))).toBe(false);
    expect(DurableDictError.isInstance(null)).toBe(false);
  });

  it("each class recognises its own instances only, across copies of core", () => {
    const errors = [
      new KeyError("k"),
      new InvalidKeyError("k", "bad"),
      new EncodingError("k", "bad"),
      new DecodingError("k", "bad"),
      new StoreUnavailableError("persist"),
    ];
    const classes = [KeyError, InvalidKeyError, EncodingError, DecodingError, StoreUnavailableError];
    for (const [i, errorClass] of classes.entries()) {
      for (const [j, error] of errors.entries()) expect(errorClass.isInstance(error)).toBe(i === j);
      expect(errorClass.isInstance(new DurableDictError("base"))).toBe(false);
    }
    const keyErrorFromAnotherCopy = Object.defineProperty(
      new Error("x"),
      Symbol.for("durabledict.error.KeyError"),
      {
        value: true,
      },
    );
    expect(KeyError.isInstance(keyErrorFromAnotherCopy)).toBe(true);
    expect(StoreUnavailableError.isInstance(keyErrorFromAnotherCopy)).toBe(false);
  });
});
