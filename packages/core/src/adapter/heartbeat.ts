import { withDeadline } from "./deadline.js";

/** How a {@link startHeartbeat} proves a link alive. */
export interface HeartbeatOptions<L> {
  /** Milliseconds between pings. */
  interval: number;
  /** Longest wait for a ping's answer, in milliseconds. Default: `interval`. */
  timeout?: number;
  /** The link to ping now, or `undefined` when there is none to prove (down already, not watching). */
  link(): L | undefined;
  /** One round trip on `link`. */
  ping(link: L): Promise<unknown>;
  /** Called with the link when a ping failed or went unanswered: the link must stop vouching, and be dropped. */
  onSilent(link: L): void;
  /** Called with the link when a ping was answered. */
  onAnswer?(link: L): void;
}

/**
 * Pings a watch's link on a timer, so that a link that stops answering without closing (a silent partition:
 * no reset reaches the client) is noticed within `interval + timeout` ms rather than never. The timer does
 * not hold the process.
 * @returns a function that stops the heartbeat.
 */
export function startHeartbeat<L>(options: HeartbeatOptions<L>): () => void {
  const timer = setInterval(() => {
    const link = options.link();
    if (link === undefined) return;
    withDeadline("heartbeat", options.timeout ?? options.interval, () => options.ping(link)).then(
      () => options.onAnswer?.(link),
      () => options.onSilent(link),
    );
  }, options.interval);
  timer.unref?.();
  return () => clearInterval(timer);
}
