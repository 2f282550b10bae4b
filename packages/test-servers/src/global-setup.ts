import { ensureInstalled, type ServerKind } from "./ensure-installed.js";
import { freePort } from "./free-port.js";
import {
  datastoreEmulator,
  type LocalServer,
  memcachedServer,
  postgresServer,
  redisServer,
  zookeeperServer,
} from "./servers.js";

/** The environment variable that hands each server's address to the tests (or points them at your own). */
export const serverEnv: Record<ServerKind, string> = {
  redis: "DURABLEDICT_REDIS_URL",
  memcached: "DURABLEDICT_MEMCACHED",
  zookeeper: "DURABLEDICT_ZOOKEEPER",
  datastore: "DURABLEDICT_DATASTORE_EMULATOR_HOST",
  postgres: "DURABLEDICT_POSTGRES_URL",
};

const start: Record<ServerKind, (port: number) => LocalServer> = {
  redis: redisServer,
  memcached: memcachedServer,
  zookeeper: zookeeperServer,
  datastore: datastoreEmulator,
  postgres: postgresServer,
};

function address(kind: ServerKind, server: LocalServer): string {
  if (kind === "redis") return `redis://${server.host}:${server.port}`;
  if (kind === "postgres") return `postgres://postgres@${server.host}:${server.port}/postgres`;
  return `${server.host}:${server.port}`;
}

/**
 * A vitest `globalSetup` that provides the given servers: a variable already set (see {@link serverEnv})
 * is used as it is; otherwise the server is installed if missing, started on a free loopback port, and
 * stopped when the run ends, whether the tests passed or not.
 */
export function serversFor(kinds: readonly ServerKind[]): () => Promise<() => Promise<void>> {
  return async () => {
    const wanted = kinds.filter((kind) => !process.env[serverEnv[kind]]);
    ensureInstalled(wanted);
    const started: LocalServer[] = [];
    const stopAll = async () => {
      await Promise.all(started.map((server) => server.process.destroy()));
    };
    try {
      await Promise.all(
        wanted.map(async (kind) => {
          const server = start[kind](await freePort());
          started.push(server);
          await server.process.start();
          process.env[serverEnv[kind]] = address(kind, server);
        }),
      );
    } catch (error) {
      await stopAll();
      throw error;
    }
    return stopAll;
  };
}

/** The address the setup handed over for `kind`; throws if the suite was run without its global setup. */
export function serverAddress(kind: ServerKind): string {
  const value = process.env[serverEnv[kind]];
  if (!value)
    throw new Error(`${serverEnv[kind]} is not set: run the tests through the package's vitest config`);
  return value;
}
