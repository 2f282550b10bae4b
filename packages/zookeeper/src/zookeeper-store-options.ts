import type { Client } from "node-zookeeper-client";

/** Options of {@link ZookeeperStore} (and of `openZookeeperDict`). */
export interface ZookeeperStoreOptions {
  /**
   * Builds a client with a new session when the session expires (node-zookeeper-client cannot renew an expired
   * session itself). Return a client on which `connect()` was called, as for the first one. The store closes
   * the clients it got this way. Without it, an expired store stays unavailable.
   */
  renewSession?: () => Client;
  /**
   * Longest wait for one ZooKeeper request, in milliseconds, and for the first connection. Default 5000.
   * A request made while the client is disconnected fails at once instead (the driver would queue it).
   */
  requestTimeout?: number;
  /**
   * The largest request ZooKeeper accepts, in bytes: the server's `jute.maxbuffer`. Default 1048575 (1 MiB - 1,
   * ZooKeeper's default). A value whose write would exceed it is refused with `EncodingError`.
   */
  maxRequestBytes?: number;
}
