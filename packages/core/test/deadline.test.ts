import { describe, expect, it } from "vitest";
import { DeadlineError, withDeadline } from "../src/adapter/index.js";

describe("withDeadline", () => {
  it("settles as the call does, value or the driver's own error", async () => {
    await expect(withDeadline("get", 1000, Promise.resolve(7))).resolves.toBe(7);
    const driverError = new Error("ECONNRESET");
    await expect(withDeadline("get", 1000, () => Promise.reject(driverError))).rejects.toBe(driverError);
  });

  it("rejects with DeadlineError naming the operation once the time has passed", async () => {
    const error = await withDeadline("HGET", 20, new Promise(() => {})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).message).toBe("HGET did not answer within 20 ms");
    expect((error as DeadlineError).timeout).toBe(20);
  });

  it("turns a call that throws at once into a rejection", async () => {
    const thrown = new Error("client closed");
    const call = () => {
      throw thrown;
    };
    await expect(withDeadline("get", 1000, call)).rejects.toBe(thrown);
  });

  it("leaves no unhandled rejection when the call fails after its deadline", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      let fail: (error: Error) => void = () => {};
      const late = new Promise<never>((_, reject) => (fail = reject));
      await expect(withDeadline("get", 10, late)).rejects.toBeInstanceOf(DeadlineError);
      fail(new Error("too late"));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
