import { PassThrough } from "node:stream";
import type { CliIo } from "../../src/cli-io.js";

/** A {@link CliIo} that keeps what the command wrote, for running it in the test's own process. */
export interface MemoryIo extends CliIo {
  /** What was written to standard output so far. */
  out(): string;
  /** What was written to standard error so far. */
  err(): string;
}

/** Streams in memory; `tty` makes standard output look like a terminal `columns` wide. */
export function memoryIo(
  options: { tty?: boolean; columns?: number; env?: NodeJS.ProcessEnv } = {},
): MemoryIo {
  let out = "";
  let err = "";
  const stdout = Object.assign(new PassThrough(), {
    isTTY: options.tty ?? false,
    columns: options.columns ?? 80,
  });
  const stderr = new PassThrough();
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  const stdin = new PassThrough();
  stdin.end();
  return { stdout, stderr, stdin, env: options.env ?? {}, out: () => out, err: () => err };
}
