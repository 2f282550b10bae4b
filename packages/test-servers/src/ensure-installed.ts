import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { datastoreEmulatorLauncher, postgresBinDir, zookeeperClasspath } from "./servers.js";

/** The servers the harness can start. */
export type ServerKind = "redis" | "memcached" | "zookeeper" | "datastore" | "postgres";

/** What {@link ensureInstalled} can install: the servers, and Debian's Chromium for browser tests. */
export type Installable = ServerKind | "chromium";

/** Where Debian's `chromium` package puts the browser. */
export const chromiumPath = "/usr/bin/chromium";

const debianPackage: Record<Installable, string | undefined> = {
  redis: "redis-server",
  memcached: "memcached",
  zookeeper: "zookeeper",
  datastore: undefined,
  chromium: "chromium",
  postgres: "postgresql",
};

function isInstalled(kind: Installable): boolean {
  switch (kind) {
    case "chromium":
      return existsSync(chromiumPath);
    case "redis":
      return onPath("redis-server") && onPath("redis-cli");
    case "memcached":
      return onPath("memcached");
    case "zookeeper":
      return onPath("java") && existsSync(zookeeperClasspath.split(":")[1]!);
    case "datastore":
      return existsSync(datastoreEmulatorLauncher);
    case "postgres":
      return postgresBinDir() !== undefined;
  }
}

function onPath(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the servers (or the browser) are installed: missing Debian packages are installed with apt-get when running as
 * root (under a lock, so parallel test runs do not collide); otherwise the error says what to install.
 */
export function ensureInstalled(kinds: readonly Installable[]): void {
  const missing = kinds.filter((kind) => !isInstalled(kind));
  if (missing.length === 0) return;
  const packages = missing.map((kind) => debianPackage[kind]);
  if (packages.includes(undefined)) {
    throw new Error(
      `the Cloud Datastore emulator is not installed (expected ${datastoreEmulatorLauncher}); install google-cloud-cli-datastore-emulator, or point DURABLEDICT_DATASTORE_EMULATOR_HOST at a running emulator`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing servers: run 'sudo apt-get install -y ${packages.join(" ")}', or point the DURABLEDICT_* variables at running servers`,
    );
  }
  const script = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(" ")}`;
  execFileSync("flock", ["/tmp/durabledict-apt.lock", "sh", "-c", script], { stdio: "inherit" });
}
