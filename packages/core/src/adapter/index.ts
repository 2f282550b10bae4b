export { DeadlineError, withDeadline } from "./deadline.js";
export { epochVersion } from "./epoch-version.js";
export { type HeartbeatOptions, startHeartbeat } from "./heartbeat.js";
export { NotSentError } from "./not-sent-error.js";
export { SharedPerClient, type SharedPerClientOptions } from "./shared-per-client.js";
export { WatchSubscribers } from "./watch-subscribers.js";
