import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ServerProcess } from "./server-process.js";
import { tcpExchange } from "./tcp-exchange.js";

/** A server on 127.0.0.1 that this harness started. */
export interface LocalServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The process, to stop and start again (same port, same working directory) in fault tests. */
  readonly process: ServerProcess;
}

/** Options for {@link redisServer}. */
export interface RedisOptions {
  /** Append-only file with fsync on every write, so a restart keeps every acknowledged write. */
  persistent?: boolean;
  /** More `redis-server` arguments, e.g. `["--cluster-enabled", "yes"]`. */
  extraArgs?: string[];
}

/** A `redis-server` on `port`, not yet started. */
export function redisServer(port: number, options: RedisOptions = {}): LocalServer {
  const persistence = options.persistent
    ? ["--appendonly", "yes", "--appendfsync", "always"]
    : ["--appendonly", "no"];
  const process = new ServerProcess({
    name: `redis-${port}`,
    command: "redis-server",
    args: (dir) => [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--dir",
      dir,
      "--save",
      "",
      "--daemonize",
      "no",
      ...persistence,
      ...(options.extraArgs ?? []),
    ],
    ready: async () => (await tcpExchange(port, "PING\r\n")).startsWith("+PONG"),
  });
  return { host: "127.0.0.1", port, process };
}

/** A `memcached` on `port`, not yet started. */
export function memcachedServer(port: number): LocalServer {
  const asRoot = typeof globalThis.process.getuid === "function" && globalThis.process.getuid() === 0;
  const process = new ServerProcess({
    name: `memcached-${port}`,
    command: "memcached",
    args: () => [
      "-l",
      "127.0.0.1",
      "-p",
      String(port),
      "-U",
      "0",
      "-m",
      "64",
      ...(asRoot ? ["-u", "root"] : []),
    ],
    ready: async () => (await tcpExchange(port, "version\r\n")).startsWith("VERSION"),
  });
  return { host: "127.0.0.1", port, process };
}

/** Where ZooKeeper's jar lives when installed from Debian's `zookeeper` package. */
export const zookeeperClasspath = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar";

/** Options for {@link zookeeperServer}. */
export interface ZookeeperOptions {
  /** Ensemble members as `server.N=host:peerPort:electionPort` lines, and this server's id. */
  ensemble?: { id: number; servers: string[] };
}

/** A ZooKeeper server on `port` (standalone, or one member of an ensemble), not yet started. */
export function zookeeperServer(port: number, options: ZookeeperOptions = {}): LocalServer {
  const process = new ServerProcess({
    name: `zookeeper-${port}`,
    command: "java",
    args: (dir) => {
      const data = join(dir, "data");
      mkdirSync(data, { recursive: true });
      const lines = [
        "tickTime=200",
        "initLimit=20",
        "syncLimit=10",
        `dataDir=${data}`,
        `clientPort=${port}`,
        "clientPortAddress=127.0.0.1",
        "admin.enableServer=false",
        "4lw.commands.whitelist=ruok,srvr",
        "maxSessionTimeout=60000",
        "minSessionTimeout=400",
      ];
      if (options.ensemble) {
        writeFileSync(join(data, "myid"), String(options.ensemble.id));
        lines.push(...options.ensemble.servers);
      }
      const config = join(dir, "zoo.cfg");
      if (!existsSync(config)) writeFileSync(config, `${lines.join("\n")}\n`);
      return [
        "-Xmx256m",
        "-cp",
        zookeeperClasspath,
        `-Dzookeeper.log.dir=${dir}`,
        "org.apache.zookeeper.server.quorum.QuorumPeerMain",
        config,
      ];
    },
    ready: async () =>
      options.ensemble
        ? /Mode: (leader|follower)/.test(await tcpExchange(port, "srvr", { until: "close" }))
        : (await tcpExchange(port, "ruok", { until: "close" })) === "imok",
    readyTimeout: 60_000,
  });
  return { host: "127.0.0.1", port, process };
}

/** The Cloud Datastore emulator bundled with google-cloud-cli. */
export const datastoreEmulatorLauncher =
  "/usr/lib/google-cloud-sdk/platform/cloud-datastore-emulator/cloud_datastore_emulator";

/** A Cloud Datastore emulator on `port` (in memory, strongly consistent), not yet started. */
export function datastoreEmulator(port: number): LocalServer {
  const process = new ServerProcess({
    name: `datastore-emulator-${port}`,
    command: datastoreEmulatorLauncher,
    args: () => ["start", "--host=127.0.0.1", `--port=${port}`, "--store_on_disk=false", "--consistency=1.0"],
    ready: async () => (await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim() === "Ok",
    readyTimeout: 60_000,
  });
  return { host: "127.0.0.1", port, process };
}

const execFileAsync = promisify(execFile);

/** Where Debian's `postgresql` package puts each version's programs: `/usr/lib/postgresql/<version>/bin`. */
const postgresqlRoot = "/usr/lib/postgresql";

/** The `bin` directory of the newest PostgreSQL installed from Debian's packages, or `undefined`. */
export function postgresBinDir(): string | undefined {
  const versions = existsSync(postgresqlRoot)
    ? readdirSync(postgresqlRoot).filter((name) => existsSync(join(postgresqlRoot, name, "bin", "postgres")))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : join(postgresqlRoot, newest, "bin");
}

/**
 * PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user (which Debian's package
 * creates) through `setpriv`, which execs them, so the pid stopped is the server's own.
 */
const postgresPrefix =
  globalThis.process.getuid?.() === 0
    ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
    : [];

function runAsPostgres(argv: string[]): void {
  const [command, ...args] = [...postgresPrefix, ...argv];
  execFileSync(command!, args, { stdio: "ignore" });
}

/**
 * A PostgreSQL server on `port`, not yet started: a cluster made with `initdb` in the working directory on the
 * first start (superuser `postgres`, trust authentication, UTF-8), listening on 127.0.0.1 only, its socket
 * in the working directory. Its address is `postgres://postgres@127.0.0.1:<port>/postgres`. `fsync` is off:
 * a test server needs no crash safety (a stopped server still keeps every committed write), and the machine
 * is shared.
 */
export function postgresServer(port: number): LocalServer {
  const bin = postgresBinDir() ?? join(postgresqlRoot, "bin");
  const [command, ...prefixArgs] = [...postgresPrefix, join(bin, "postgres")];
  const process = new ServerProcess({
    name: `postgres-${port}`,
    command: command!,
    args: (dir) => {
      const data = join(dir, "data");
      if (!existsSync(data)) {
        if (postgresPrefix.length > 0) execFileSync("chown", ["postgres:postgres", dir]);
        runAsPostgres([
          join(bin, "initdb"),
          "-D",
          data,
          "-U",
          "postgres",
          "--auth=trust",
          "-E",
          "UTF8",
          "--no-sync",
        ]);
      }
      return [
        ...prefixArgs,
        "-D",
        data,
        "-p",
        String(port),
        "-h",
        "127.0.0.1",
        "-k",
        dir,
        "-c",
        "fsync=off",
        "-c",
        "max_connections=200",
      ];
    },
    // pg_isready exits 0 only once the server accepts connections.
    ready: async () => {
      await execFileAsync(join(bin, "pg_isready"), [
        "-q",
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-d",
        "postgres",
      ]);
      return true;
    },
  });
  return { host: "127.0.0.1", port, process };
}
