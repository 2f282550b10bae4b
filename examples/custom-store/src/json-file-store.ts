import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { DepersistResult, DurableStore, Version, VersionStep } from "@durabledict/core";

interface FileContent {
  version: number;
  entries: Record<string, string>;
}

/**
 * A store a user might write in an afternoon: the whole dict in one JSON file, replaced atomically with a
 * rename on every write. It implements only the four required methods; the dict supplies the rest.
 *
 * Synchronous file calls make each write atomic within one process. Several processes writing one file
 * would need a lock; that is what `@durabledict/sqlite` is for.
 */
export class JsonFileStore implements DurableStore<string> {
  readonly name = "json-file";

  /** @param file - the JSON file; its folder must exist (a missing folder reads as an unreachable store). */
  constructor(private readonly file: string) {}

  async persist(key: string, payload: string): Promise<VersionStep> {
    return this.change((entries) => {
      entries[key] = payload;
      return true;
    });
  }

  async depersist(key: string): Promise<DepersistResult> {
    let existed = false;
    const step = this.change((entries) => {
      existed = key in entries;
      delete entries[key];
      return existed;
    });
    return { existed, ...step };
  }

  async durables(): Promise<Map<string, string>> {
    return new Map(Object.entries(this.read().entries));
  }

  async lastUpdated(): Promise<Version> {
    return this.read().version;
  }

  private change(apply: (entries: Record<string, string>) => boolean): VersionStep {
    const content = this.read();
    const previous = content.version;
    if (!apply(content.entries)) return { previous, version: previous };
    content.version++;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(content));
    renameSync(temporary, this.file);
    return { previous, version: content.version };
  }

  private read(): FileContent {
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as FileContent;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && existsSync(dirname(this.file))) {
        return { version: 0, entries: {} };
      }
      throw error;
    }
  }
}
