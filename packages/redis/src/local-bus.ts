/** Change listeners of the watching stores in this process, by the hash key they watch. */
const listeners = new Map<string, Set<() => void>>();

/**
 * Listens for writes that other stores in this process make to `hash`. Pub/sub delivers a write's message
 * at about the moment the writer gets its reply, so a dict reading right after another dict of the same
 * process wrote could still be ahead of the message; this tells it before the write resolves.
 * @returns a function that stops listening.
 */
export function listenLocally(hash: string, onChange: () => void): () => void {
  const set = listeners.get(hash) ?? new Set();
  listeners.set(hash, set);
  set.add(onChange);
  return () => {
    set.delete(onChange);
    if (set.size === 0) listeners.delete(hash);
  };
}

/** Tells every listener on `hash` but `except` that it changed. A listener on another server with the same key name just checks once more. */
export function announceLocally(hash: string, except: ReadonlySet<() => void>): void {
  for (const listener of listeners.get(hash) ?? []) {
    if (!except.has(listener)) listener();
  }
}
