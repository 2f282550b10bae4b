/** Where a command reads and writes: the process's streams, or a test's. */
export interface CliIo {
  /** Standard output: the command's results. */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Standard error: progress notes and errors. */
  readonly stderr: NodeJS.WritableStream;
  /** Standard input, for `import -`. */
  readonly stdin: NodeJS.ReadableStream;
  /** The environment (`DEBUG`, `DATASTORE_EMULATOR_HOST`, `DURABLEDICT_ADMIN_TOKEN`). */
  readonly env: NodeJS.ProcessEnv;
}

/** The running process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
