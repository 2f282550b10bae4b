import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { cleanup } from "./cleanup.js";

/**
 * A child Node process spoken to in lines. Every line it prints is stamped with this process's
 * `performance.now()` the moment it is read, so all times come from one clock.
 */
export class ChildChannel {
  private readonly arrived = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  private readonly exited: Promise<void>;
  private readonly forget: () => Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const at = performance.now();
      const waiter = this.waiting.get(line);
      if (waiter) {
        this.waiting.delete(line);
        waiter(at);
      } else this.arrived.set(line, at);
    });
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    this.forget = cleanup.defer(`stop child ${child.pid}`, () => this.kill());
  }

  /** Starts `node <script> <arg>`; stderr goes to ours. */
  static start(script: string, arg: string): ChildChannel {
    return new ChildChannel(spawn(process.execPath, [script, arg], { stdio: ["pipe", "pipe", "inherit"] }));
  }

  /** Sends one line. */
  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  /**
   * When `line` arrived (on this process's clock), waiting for it at most `timeoutMs`.
   * @returns `undefined` on timeout or when the child exits first.
   */
  arrival(line: string, timeoutMs: number): Promise<number | undefined> {
    const already = this.arrived.get(line);
    if (already !== undefined) {
      this.arrived.delete(line);
      return Promise.resolve(already);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(line);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(line, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }

  /** Asks the child to stop and waits for it (killing it by pid after `graceMs`). */
  async stop(graceMs = 3000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.send("stop");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
    await this.forget();
  }

  private async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }
}
