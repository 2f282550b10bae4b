/**
 * Imports an adapter package and checks that it exports `names`. The adapters are typed here by the shape
 * DESIGN.md fixes rather than by their own declarations, so the bench builds whichever of them exist yet.
 * @returns the module, or the reason it cannot be used.
 */
export async function loadAdapter<T>(
  pkg: string,
  names: readonly (keyof T & string)[],
): Promise<{ module: T } | { why: string }> {
  let module: Partial<T>;
  try {
    module = (await import(pkg)) as Partial<T>;
  } catch (error) {
    return { why: `${pkg} does not load: ${(error as Error).message.split("\n")[0]}` };
  }
  const missing = names.filter((name) => typeof module[name] !== "function");
  if (missing.length > 0) return { why: `${pkg} does not export ${missing.join(", ")} yet` };
  return { module: module as T };
}

/** Loads once per process. */
export function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
