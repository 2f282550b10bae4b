import { type Backup, writeBackup } from "./backup-file.js";
import { DurableDictError } from "./errors/durable-dict-error.js";

/** How long after a change the backup is written, in milliseconds: changes in between share one write. */
const defaultDelay = 1000;

/**
 * Keeps a dict's backup file current, off the read path: each change schedules one write a little later
 * (changes meanwhile share it), writes never overlap, and `flush` writes what is pending now.
 */
export class BackupKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();

  /**
   * @param take - the copy to write now, or `undefined` when there is none worth writing (never synced).
   * @param report - told of a write that failed; the dict goes on without its backup.
   */
  constructor(
    private readonly file: string,
    private readonly take: () => Backup | undefined,
    private readonly report: (error: DurableDictError) => void,
    private readonly adapter: string,
    private readonly delay = defaultDelay,
  ) {}

  /** Schedules a write of the copy as it will be then. */
  schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.flush(), this.delay);
    this.timer.unref?.();
  }

  /** Writes the copy now if a write is scheduled, and resolves once every write so far has settled. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      const backup = this.take();
      if (backup !== undefined) this.writing = this.writing.then(() => this.write(backup));
    }
    return this.writing;
  }

  private async write(backup: Backup): Promise<void> {
    try {
      await writeBackup(this.file, backup);
    } catch (cause) {
      this.report(
        new DurableDictError(`cannot write the backup file ${JSON.stringify(this.file)}`, {
          adapter: this.adapter,
          cause,
        }),
      );
    }
  }
}
