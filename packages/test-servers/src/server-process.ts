import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "./wait-until.js";

/** How to start one server and how to tell it is ready. */
export interface ServerSpec {
  /** A short name for logs and errors. */
  name: string;
  command: string;
  args: (workDir: string) => string[];
  /** Resolves true once the server answers. */
  ready: () => Promise<boolean>;
  /** Longest wait for readiness, in ms. */
  readyTimeout?: number;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});

/**
 * Signals the child's whole process group. Some servers are launched by a wrapper script (the Datastore
 * emulator's launcher starts `java`), and signalling the wrapper alone would leave the server running.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server process this harness started, stopped by its pid. It keeps its working directory across
 * `stop`/`start`, so a restarted server with persistence on finds its data again.
 */
export class ServerProcess {
  readonly workDir: string;
  private child: ChildProcess | undefined;

  constructor(private readonly spec: ServerSpec) {
    this.workDir = mkdtempSync(join(tmpdir(), `durabledict-${spec.name}-`));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until it answers its health check. */
  async start(): Promise<void> {
    if (this.child) return;
    const log = openSync(join(this.workDir, "server.log"), "a");
    const child = spawn(this.spec.command, this.spec.args(this.workDir), {
      cwd: this.workDir,
      stdio: ["ignore", log, log],
      detached: true,
    });
    child.unref();
    this.child = child;
    running.add(child);
    let exited = false;
    child.once("exit", () => {
      exited = true;
    });
    try {
      await waitUntil(
        this.spec.name,
        async () => {
          if (exited) throw new Error(`${this.spec.name} exited during start-up:\n${this.log()}`);
          return this.spec.ready();
        },
        { timeout: this.spec.readyTimeout ?? 30_000 },
      );
    } catch (error) {
      await this.stop();
      throw exited ? new Error(`${this.spec.name} exited during start-up:\n${this.log()}`) : error;
    }
  }

  /**
   * Stops the server by its pid, with everything it started (its process group): SIGTERM, then SIGKILL if it
   * lingers.
   */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    // The wrapper may be gone while what it started is not: resolve only once the whole group is.
    signalGroup(child, "SIGKILL");
    await waitUntil(`${this.spec.name} to stop`, () => !groupAlive(child), { timeout: 10_000, interval: 20 });
    running.delete(child);
  }

  /** Stops the process and removes its working directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** The tail of the server's own log, for error messages. */
  log(): string {
    try {
      return readFileSync(join(this.workDir, "server.log"), "utf8").slice(-2000);
    } catch {
      return "";
    }
  }
}
