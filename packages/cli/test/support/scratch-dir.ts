import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/** A new empty folder for the running test, removed when it ends. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "durabledict-cli-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
