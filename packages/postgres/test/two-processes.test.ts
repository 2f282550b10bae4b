import { serverAddress } from "@durabledict/test-servers";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresDict } from "../src/index.js";
import { runFixture } from "./support/child-process.js";
import { scratchTables } from "./support/scratch-tables.js";

describe("two Node processes writing and reading the same keys", () => {
  const scratch = scratchTables();
  afterAll(() => scratch.cleanup());

  it("end with identical state, which is what the table holds", async () => {
    const table = scratch.table("two_processes");
    const args = (id: string) => [serverAddress("postgres"), table, id, "200"];
    const [a, b] = await Promise.all([
      runFixture("writer-process.mjs", args("a")),
      runFixture("writer-process.mjs", args("b")),
    ]);
    expect(JSON.parse(a)).toEqual(JSON.parse(b));
    const dict = await openPostgresDict(scratch.admin, { table, watch: false });
    const stored = (await dict.entries()).sort(([x], [y]) => (x < y ? -1 : 1));
    await dict.close();
    expect(JSON.parse(a)).toEqual(stored);
    expect(stored.filter(([key]) => key.startsWith("first"))).toHaveLength(3);
  });
});
