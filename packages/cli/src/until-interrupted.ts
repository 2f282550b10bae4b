/**
 * Resolves when the process gets SIGINT (Ctrl-C) or SIGTERM, the normal end of `watch` and `admin`. It keeps
 * the process alive until then: a store may watch on an unref'd timer alone (SQLite does).
 */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => {}, 2 ** 30);
    const stop = () => {
      clearInterval(keepAlive);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
