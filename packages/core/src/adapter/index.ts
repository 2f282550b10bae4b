export { DeadlineError, withDeadline } from "./deadline.js";
export { epochVersion } from "./epoch-version.js";
export { type HeartbeatOptions, startHeartbeat } from "./heartbeat.js";
export { NotSentError } from "./not-sent-error.js";
export { raced, retryWhileRaced } from "./retry-while-raced.js";
export { SharedPerClient, type SharedPerClientOptions } from "./shared-per-client.js";
export { utf8Over } from "./utf8-over.js";
export { WatchSubscribers } from "./watch-subscribers.js";
