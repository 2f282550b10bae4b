export { chromiumPath, ensureInstalled, type Installable, type ServerKind } from "./ensure-installed.js";
export { freePort } from "./free-port.js";
export { serverAddress, serverEnv, serversFor } from "./global-setup.js";
export { keepWriting, type WriteLoop } from "./keep-writing.js";
export { ServerProcess, type ServerSpec } from "./server-process.js";
export {
  datastoreEmulator,
  datastoreEmulatorLauncher,
  type LocalServer,
  memcachedServer,
  postgresBinDir,
  postgresServer,
  type RedisOptions,
  redisServer,
  type ZookeeperOptions,
  zookeeperClasspath,
  zookeeperServer,
} from "./servers.js";
export { type ExchangeOptions, tcpExchange } from "./tcp-exchange.js";
export { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";
export { waitUntil } from "./wait-until.js";
