/**
 * What must be undone however the run ends: servers, child processes, clients, temporary files.
 * Undone in reverse order, each step on its own so one failure does not leave the rest running.
 */
export class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  /** Registers `undo`; returns a function that runs it now (once) and forgets it. */
  defer(what: string, undo: () => Promise<void> | void): () => Promise<void> {
    const step = { what, undo };
    this.steps.push(step);
    return async () => {
      const index = this.steps.indexOf(step);
      if (index < 0) return;
      this.steps.splice(index, 1);
      await step.undo();
    };
  }

  /** Runs every registered step, newest first. Safe to call twice: the second call joins the first. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const step = this.steps.pop()!;
        try {
          await step.undo();
        } catch (error) {
          console.error(`cleanup: ${step.what} failed:`, error);
        }
      }
    })();
    return this.running;
  }
}

/** The run's one cleanup registry, so a SIGINT anywhere stops what was started. */
export const cleanup = new Cleanup();
