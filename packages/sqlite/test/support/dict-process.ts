import { type ChildProcessWithoutNullStreams, type SpawnOptions, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../fixtures/dict-process.mjs", import.meta.url));

/** A node process running `fixtures/dict-process.mjs` on a database file, read line by line. */
export class DictProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every line the process printed so far. */
  readonly lines: string[] = [];
  private stderr = "";

  /** What the process wrote to stderr so far. */
  get errorOutput(): string {
    return this.stderr;
  }
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  /** `options` can run the process as another user (`uid`, `gid`). */
  constructor(file: string, role: string, args: string[] = [], options: SpawnOptions = {}) {
    this.child = spawn(process.execPath, [script, file, role, ...args], {
      ...options,
      stdio: "pipe",
    }) as ChildProcessWithoutNullStreams;
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      this.lines.push(line);
      for (const wake of this.waiters) wake();
    });
    this.child.stderr.on("data", (chunk) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** Resolves once a printed line satisfies `match`; rejects if the process exits first or after `timeout` ms. */
  async waitForLine(match: (line: string) => boolean, timeout = 15_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null)
        throw new Error(`process exited (${this.child.exitCode}): ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no matching line after ${timeout} ms: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 100);
        this.waiters.add(wake);
      });
    }
  }

  /** Sends a line to the process's stdin ("go" starts its role). */
  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** The JSON lines it printed, parsed (the "ready" and "done" markers left out). */
  results<T>(): T[] {
    return this.lines
      .filter((line) => line !== "ready" && line !== "done")
      .map((line) => JSON.parse(line) as T);
  }

  /** Waits for a clean exit, failing with the process's stderr otherwise. */
  async finished(): Promise<void> {
    const code = await this.exited;
    if (code !== 0) throw new Error(`process exited with ${code}: ${this.stderr}`);
  }
}

/**
 * Starts `count` processes in `role` (process `i` gets the arguments `args(i)`), waits until each has opened
 * the dict, then starts them together.
 */
export async function startTogether(
  count: number,
  file: string,
  role: string,
  args: (i: number) => string[],
): Promise<DictProcess[]> {
  const processes = Array.from({ length: count }, (_, i) => new DictProcess(file, role, args(i)));
  await Promise.all(processes.map((p) => p.waitForLine((line) => line === "ready")));
  for (const p of processes) p.send("go");
  return processes;
}
