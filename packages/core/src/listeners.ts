/** A minimal typed event emitter. Unlike Node's, an `error` with no listener is dropped, never thrown. */
export class Listeners<Events extends object> {
  private readonly byEvent = new Map<keyof Events, Set<(payload: never) => void>>();

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.byEvent.get(event);
    if (set === undefined) {
      set = new Set();
      this.byEvent.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  has(event: keyof Events): boolean {
    return (this.byEvent.get(event)?.size ?? 0) > 0;
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.byEvent.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[E]) => void)(payload);
      } catch (error) {
        // A listener's bug must not break the dict; surface it the way Node surfaces unhandled errors.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.byEvent.clear();
  }
}
