import type { Client } from "node-zookeeper-client";

/**
 * Options of {@link ZookeeperStore} (and of `openZookeeperDict`). Stores over one client share its session:
 * `renewSession` and `heartbeatInterval` are those of the first store opened over it.
 */
export interface ZookeeperStoreOptions {
  /**
   * Builds a client with a new session when the session expires (node-zookeeper-client cannot renew an
   * expired session itself); return one on which `connect()` was called. By default the store makes one like
   * the client it was given: same connection string, options and credentials. The store closes the clients
   * it got either way. `false`: no renewal; the store stays unavailable once its session expired.
   */
  renewSession?: (() => Client) | false;
  /**
   * How often the store proves the link alive, in milliseconds: a request that must answer within one
   * interval, or the watch stops vouching for the dict's copy until it does. So a link that stops answering
   * without closing goes unnoticed for at most twice this. Default 1000.
   */
  heartbeatInterval?: number;
  /**
   * Longest wait for one ZooKeeper request, in milliseconds, and for the first connection. Default 5000.
   * A request made while the session is down fails at once instead (the driver would queue it).
   */
  requestTimeout?: number;
  /**
   * The largest request ZooKeeper accepts, in bytes: the server's `jute.maxbuffer`. Default 1048575 (1 MiB - 1,
   * ZooKeeper's default). A value whose write would exceed it is refused with `EncodingError`.
   */
  maxRequestBytes?: number;
}
