import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";

/** A fresh folder for one database file; `remove` deletes it with the -wal, -shm and journal files. */
export function scratchFile(): { file: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), "durabledict-sqlite-"));
  return { file: join(folder, "dict.db"), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Gives each test of the calling `describe` a fresh database file: call the returned function for its path. */
export function useScratchFile(): () => string {
  let scratch: ReturnType<typeof scratchFile> | undefined;
  beforeEach(() => {
    scratch = scratchFile();
  });
  afterEach(() => scratch?.remove());
  return () => scratch!.file;
}
