/** What an attempt given to {@link retryWhileRaced} returns when another writer got in its way. */
export const raced: unique symbol = Symbol("durabledict.raced");

/**
 * Runs `attempt` again while it returns {@link raced}: another writer changed the key between what the attempt
 * read and its conditional write (a version check, a create that found the key). A store's `pop` and
 * `setdefault` on a store without a single atomic operation for them are such loops.
 * @param what - the operation and its key, for the error: `pop of "theme"`.
 * @throws Error saying `what` kept racing, once `attempts` attempts have raced.
 */
export async function retryWhileRaced<T>(
  what: string,
  attempts: number,
  attempt: () => Promise<T | typeof raced>,
): Promise<T> {
  for (let tried = 0; tried < attempts; tried++) {
    const result = await attempt();
    if (result !== raced) return result;
  }
  throw new Error(`${what} kept racing other writers; gave up after ${attempts} attempts`);
}
