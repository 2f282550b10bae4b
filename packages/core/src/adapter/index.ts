export { DeadlineError, withDeadline } from "./deadline.js";
export { epochVersion } from "./epoch-version.js";
export { NotSentError } from "./not-sent-error.js";
