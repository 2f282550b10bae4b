import { spawn } from "node:child_process";
import { bin, type CliResult, finished } from "./cli-process.js";

/** A `durabledict watch` or `admin` process, read as it runs and stopped by its pid. */
export class LongRunningCli {
  private out = "";
  private err = "";
  private readonly exit: Promise<CliResult>;
  private readonly child;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DEBUG: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout.on("data", (chunk) => (this.out += chunk));
    this.child.stderr.on("data", (chunk) => (this.err += chunk));
    this.exit = finished(this.child, 10 * 60_000, `durabledict ${args.join(" ")}`);
    this.exit.catch(() => {});
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** Resolves with the first match of `pattern` in what the process printed (stdout or stderr). */
  async waitFor(pattern: RegExp, stream: "stdout" | "stderr", timeout = 90_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const match = (stream === "stdout" ? this.out : this.err).match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null)
        throw new Error(`the process exited (${this.child.exitCode}): ${this.err}`);
      if (Date.now() > deadline)
        throw new Error(
          `no ${pattern} on ${stream} after ${timeout} ms\nstdout: ${this.out}\nstderr: ${this.err}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends `signal` (Ctrl-C by default) to the process by its pid and resolves with how it ended. */
  async stop(signal: NodeJS.Signals = "SIGINT"): Promise<CliResult> {
    if (this.child.exitCode === null && this.child.pid !== undefined) process.kill(this.child.pid, signal);
    return this.exit;
  }
}
