/** Polls `ready` every `interval` ms until it resolves true; rejects after `timeout` ms naming `what`. */
export async function waitUntil(
  what: string,
  ready: () => Promise<boolean> | boolean,
  { timeout = 20_000, interval = 50 }: { timeout?: number; interval?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      if (await ready()) return;
    } catch {
      // Not ready yet: a refused connection is the usual answer while a server starts.
    }
    if (Date.now() > deadline) throw new Error(`${what} was not ready after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
