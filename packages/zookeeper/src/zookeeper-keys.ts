import { EncodingError, InvalidKeyError } from "@durabledict/core";

/**
 * Characters ZooKeeper refuses in a path (its `PathUtils.validatePath`): NUL and control characters, and the
 * UTF-16 ranges \ud800-\uf8ff and \ufff0-\uffff (so surrogate pairs, that is emoji, too).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const refusedCharacters = /[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/;

/** Room kept in a request for the framing, the ACL and the root's version bump, in bytes. */
const requestOverhead = 512;

/** Throws `InvalidKeyError` for a key that cannot name a znode under the dict's path. */
export function validateZookeeperKey(key: string): void {
  const bad = refusedCharacters.exec(key)?.[0].charCodeAt(0).toString(16).padStart(4, "0");
  let reason: string | undefined;
  if (key === "") reason = "ZooKeeper cannot hold an empty key";
  else if (key === "." || key === "..") reason = `"${key}" is a relative path name in ZooKeeper`;
  else if (key.includes("/")) reason = 'keys cannot contain "/", ZooKeeper\'s path separator';
  else if (bad) reason = `ZooKeeper refuses the character \\u${bad} in a path`;
  if (reason) throw new InvalidKeyError(key, reason, "zookeeper");
}

/** Throws `EncodingError` when writing `payload` under `path` would exceed the server's request limit. */
export function validateZookeeperPayload(
  key: string,
  path: string,
  payload: string,
  maxRequestBytes: number,
) {
  const bytes = Buffer.byteLength(payload, "utf8");
  const limit = maxRequestBytes - requestOverhead - 2 * Buffer.byteLength(path, "utf8");
  if (bytes <= limit) return;
  const reason = `the encoded value is ${bytes} bytes; ZooKeeper takes at most ${limit} here (jute.maxbuffer ${maxRequestBytes})`;
  throw new EncodingError(key, reason, { adapter: "zookeeper" });
}
