/**
 * Collects changed keys and hands them over once per microtask, so a sync or an `update` that changes many
 * keys in one go becomes one notice naming them all.
 */
export class ChangedKeys {
  private pending = new Set<string>();
  private scheduled = false;

  constructor(private readonly flush: (keys: string[]) => void) {}

  add(key: string): void {
    this.pending.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      const keys = [...this.pending];
      this.pending = new Set();
      if (keys.length > 0) this.flush(keys);
    });
  }

  /** Drops the keys not yet handed over. */
  discard(): void {
    this.pending.clear();
  }
}
