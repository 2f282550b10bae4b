import type { Client } from "node-zookeeper-client";

/** Options of {@link ZookeeperStore}. Stores over one client share its session, set by the first one's options. */
export interface ZookeeperStoreOptions {
  /**
   * Makes a client with a new session, `connect()` called, when the session expires (node-zookeeper-client
   * cannot renew one); the store closes it. Default: one like the given client (same connection string,
   * options and credentials). `false`: no renewal, the store stays unavailable once its session expired.
   */
  renewSession?: (() => Client) | false;
  /**
   * How often the store proves the link alive, in milliseconds (default 1000). Unheard for two intervals, the
   * session is down (the watch stops vouching for the dict's copy): a silent link is noticed within three.
   */
  heartbeatInterval?: number;
  /** Longest wait for one request, and for the first connection, in milliseconds. Default 5000. */
  requestTimeout?: number;
  /** The server's `jute.maxbuffer`, in bytes (default 1048575): a value whose write would exceed it is refused. */
  maxRequestBytes?: number;
}
